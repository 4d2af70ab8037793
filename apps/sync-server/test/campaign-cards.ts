import Database from "better-sqlite3";
import pg from "pg";
import { planCardNumbers } from "../src/storage/card-numbers";

/** The pass type the cloned cards' iPhones registered (the development pass type). */
export const CLONED_PASS_TYPE = "pass.dev.stamp.loyalty";

/**
 * Makes `count` copies of one enrolled card (its state re-addressed, a number of its own, a pass)
 * straight in the database — as many as a fan-out bench needs in a second, where enrolling them
 * through the API would take minutes — and registers one iPhone for every pass of the database
 * (push tokens 000…1, 000…2, …). `databaseUrl` null: SQLite in `dataDir`.
 */
export async function cloneRegisteredCards(
  databaseUrl: string | null,
  dataDir: string,
  templateId: string,
  count: number,
): Promise<void> {
  const ids = Array.from(
    { length: count },
    (_, i) =>
      `${(i + 1).toString(16).padStart(8, "0")}-0000-4000-8000-${(i + 1).toString(16).padStart(12, "0")}`,
  );
  const numbered = (merchantId: string, taken: string) =>
    planCardNumbers(
      ids.map((id) => ({ id, merchantId })),
      [{ merchantId, number: taken }],
    ).map((card) => card.number);
  if (databaseUrl === null) {
    const db = new Database(`${dataDir}/stamp.db`);
    const template = db
      .prepare<[string], { merchant_id: string; number: string }>(
        "SELECT merchant_id, number FROM cards WHERE id = ?",
      )
      .get(templateId);
    if (!template) throw new Error(`no card ${templateId}`);
    const numbers = numbered(template.merchant_id, template.number);
    db.transaction(() => {
      db.exec("DROP TABLE IF EXISTS temp.clones; CREATE TEMP TABLE clones (id, i, number)");
      const add = db.prepare("INSERT INTO temp.clones VALUES (?, ?, ?)");
      for (const [i, id] of ids.entries()) add.run(id, i + 1, numbers[i]);
      db.prepare(
        `INSERT INTO cards (id, merchant_id, program_id, code, number, profile, created_at, state,
           vouchers_version, stamps, cycles, last_hlc, conflicts, updated_at, pass_fingerprint,
           pass_updated_at, pass_seq)
         SELECT n.id, c.merchant_id, c.program_id, c.code || n.i, n.number, NULL, c.created_at,
           json_set(c.state, '$.cardId', n.id), 0, c.stamps, c.cycles, c.last_hlc, c.conflicts,
           c.updated_at, c.pass_fingerprint, c.pass_updated_at, c.pass_seq
         FROM temp.clones n, cards c WHERE c.id = ?`,
      ).run(templateId);
      db.prepare(
        `INSERT INTO wallet_passes (card_id, merchant_id, auth_token, google_object)
         SELECT n.id, p.merchant_id, p.auth_token || n.i, 0
         FROM temp.clones n, wallet_passes p WHERE p.card_id = ?`,
      ).run(templateId);
      db.prepare(
        `INSERT INTO wallet_registrations (device_library_id, pass_type_id, card_id, push_token,
           created_at)
         SELECT 'device-' || card_id, ?, card_id, printf('%064x', rowid), 0 FROM wallet_passes`,
      ).run(CLONED_PASS_TYPE);
    })();
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ merchant_id: string; number: string }>(
      "SELECT merchant_id, number FROM cards WHERE id = $1",
      [templateId],
    );
    const template = rows[0];
    if (!template) throw new Error(`no card ${templateId}`);
    const clones = `unnest($2::text[], $3::text[]) WITH ORDINALITY AS n(id, number, i)`;
    const values = [templateId, ids, numbered(template.merchant_id, template.number)];
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO cards (id, merchant_id, program_id, code, number, profile, created_at, state,
         vouchers_version, stamps, cycles, last_hlc, conflicts, updated_at, pass_fingerprint,
         pass_updated_at, pass_seq)
       SELECT n.id, c.merchant_id, c.program_id, c.code || n.i, n.number, NULL, c.created_at,
         jsonb_set(c.state::jsonb, '{cardId}', to_jsonb(n.id))::text, 0, c.stamps, c.cycles,
         c.last_hlc, c.conflicts, c.updated_at, c.pass_fingerprint, c.pass_updated_at, c.pass_seq
       FROM ${clones}, cards c WHERE c.id = $1`,
      values,
    );
    await client.query(
      `INSERT INTO wallet_passes (card_id, merchant_id, auth_token, google_object)
       SELECT n.id, p.merchant_id, p.auth_token || n.i, 0
       FROM ${clones}, wallet_passes p WHERE p.card_id = $1`,
      values,
    );
    await client.query(
      `INSERT INTO wallet_registrations (device_library_id, pass_type_id, card_id, push_token,
         created_at)
       SELECT 'device-' || card_id, $1, card_id, lpad(to_hex(row_number() OVER ()), 64, '0'), 0
       FROM wallet_passes`,
      [CLONED_PASS_TYPE],
    );
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
}
