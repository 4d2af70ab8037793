/**
 * Campaign fan-out (issue 15): one campaign to 100,000 cards, each with an Apple registration,
 * through a local APNs fake (HTTP/2 over TLS, up to 1,000 streams per connection) to the real
 * server process. Measures the time from the API call to the last push, passes pushed per second
 * and the server's peak RSS; a second run stops the server (SIGTERM) mid-campaign and starts
 * another on the same database, and counts devices pushed twice. Goal: ≤ 30 s, ≤ 300 MB, none
 * twice.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { printTable } from "../../../scripts/bench-table";
import { createApiKey } from "../src/api-keys/api-key";
import { enrollCard } from "../src/cards/enroll-card";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import { ApnsFake } from "../test/apns-fake";
import { startPostgresCluster } from "../test/postgres-cluster";
import { buildBundle, type SpawnedServer, STAMPD_BUNDLE, spawnServer } from "../test/spawn-server";
import { cpuSeconds, createDatabase, databaseSettings, peakRssMb } from "./bench-support";

const CARDS = Number(process.env.BENCH_CAMPAIGN_CARDS ?? 100_000);
const GOAL_SECONDS = 30;
const GOAL_RSS_MB = 300;
const PASS_TYPE = "pass.dev.stamp.loyalty";

/** Copies of the one enrolled card (its state re-addressed), each registered by one iPhone. */
const CLONE_SQLITE = `
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)
SELECT printf('%08x-0000-4000-8000-%012x', i, i) AS id, i FROM n`;

async function seedCards(databaseUrl: string | null, dataDir: string, templateId: string) {
  if (databaseUrl === null) {
    const db = new Database(join(dataDir, "stamp.db"));
    db.transaction(() => {
      db.exec("DROP TABLE IF EXISTS temp.ids");
      db.prepare(`CREATE TEMP TABLE ids AS ${CLONE_SQLITE}`).run({ count: CARDS - 1 });
      db.prepare(
        `INSERT INTO cards (id, merchant_id, program_id, code, profile, created_at, state,
           vouchers_version, stamps, cycles, last_hlc, conflicts, updated_at)
         SELECT ids.id, c.merchant_id, c.program_id, c.code || ids.i, NULL, c.created_at,
           json_set(c.state, '$.cardId', ids.id), 0, c.stamps, c.cycles, c.last_hlc, c.conflicts,
           c.updated_at
         FROM ids, cards c WHERE c.id = ?`,
      ).run(templateId);
      db.prepare(
        `INSERT INTO wallet_passes (card_id, merchant_id, auth_token, fingerprint, updated_at,
           update_seq, google_object)
         SELECT ids.id, p.merchant_id, p.auth_token || ids.i, p.fingerprint, p.updated_at,
           p.update_seq, 0 FROM ids, wallet_passes p WHERE p.card_id = ?`,
      ).run(templateId);
      db.prepare(
        `INSERT INTO wallet_registrations (device_library_id, pass_type_id, card_id, push_token,
           created_at)
         SELECT 'device-' || card_id, ?, card_id, printf('%064x', rowid), 0 FROM wallet_passes`,
      ).run(PASS_TYPE);
    })();
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query("BEGIN");
  const ids = `SELECT lpad(to_hex(i), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(i), 12, '0')
    AS id, i FROM generate_series(1, ${CARDS - 1}) AS i`;
  await client.query(
    `INSERT INTO cards (id, merchant_id, program_id, code, profile, created_at, state,
       vouchers_version, stamps, cycles, last_hlc, conflicts, updated_at)
     SELECT ids.id, c.merchant_id, c.program_id, c.code || ids.i, NULL, c.created_at,
       jsonb_set(c.state::jsonb, '{cardId}', to_jsonb(ids.id))::text, 0, c.stamps, c.cycles,
       c.last_hlc, c.conflicts, c.updated_at
     FROM (${ids}) ids, cards c WHERE c.id = $1`,
    [templateId],
  );
  await client.query(
    `INSERT INTO wallet_passes (card_id, merchant_id, auth_token, fingerprint, updated_at,
       update_seq, google_object)
     SELECT ids.id, p.merchant_id, p.auth_token || ids.i, p.fingerprint, p.updated_at,
       p.update_seq, 0 FROM (${ids}) ids, wallet_passes p WHERE p.card_id = $1`,
    [templateId],
  );
  await client.query(
    `INSERT INTO wallet_registrations (device_library_id, pass_type_id, card_id, push_token,
       created_at)
     SELECT 'device-' || card_id, $1, card_id, lpad(to_hex(row_number() OVER ()), 64, '0'), 0
     FROM wallet_passes`,
    [PASS_TYPE],
  );
  await client.query("COMMIT");
  await client.end();
}

interface Setup {
  readonly dataDir: string;
  readonly env: Record<string, string>;
  readonly programId: string;
  readonly key: string;
}

async function setUp(root: string, name: string, databaseUrl: string | null): Promise<Setup> {
  const dataDir = join(root, name);
  const database = databaseSettings(databaseUrl);
  const config = { ...loadConfig({}), dataDir, ...database.config };
  const services = await openServices(config, createLogger("warn"), "http://localhost");
  const merchant = await createMerchant(services, "Bench Cafe");
  const template = await enrollCard(services, { ...merchant, source: "api" });
  if (!("kind" in template) || template.kind !== "answer") throw new Error("enrolment failed");
  const key = await createApiKey(services, merchant.merchantId, "bench");
  if (!key.ok) throw new Error(key.reason);
  await services.storage.close();
  await seedCards(databaseUrl, dataDir, JSON.parse(template.response.body).cardId);
  return { dataDir, env: database.env, programId: merchant.programId, key: key.key };
}

async function run(
  label: string,
  setup: Setup,
  restartAt: number | null,
): Promise<Record<string, string | number>> {
  const apns = await ApnsFake.start();
  const env = { ...setup.env, ...apns.env, WALLET_PUSH_INTERVAL_MS: "50" };
  const servers: SpawnedServer[] = [await spawnServer(setup.dataDir, env, STAMPD_BUNDLE)];
  const pidOf = (server: SpawnedServer | undefined) => server?.child.pid as number;
  // CPU the campaign cost the server processes (their start-up left out).
  let cpu = -cpuSeconds(pidOf(servers[0]));
  // This process's: the APNs fake's TLS and HTTP/2 work (and the bench's), a limit of its own.
  const benchCpu = process.cpuUsage();
  const started = performance.now();
  const made = await fetch(`${servers[0]?.url}/api/v1/campaigns`, {
    method: "POST",
    headers: { authorization: `Bearer ${setup.key}`, "content-type": "application/json" },
    body: JSON.stringify({
      programId: setup.programId,
      name: "Bench",
      message: { en: "Pumpkin latte is back" },
      audience: { kind: "everyone" },
    }),
  });
  if (made.status !== 201) throw new Error(`campaign refused: ${await made.text()}`);
  let rss = 0;
  if (restartAt !== null) {
    await apns.reached(restartAt);
    const first = servers[0] as SpawnedServer;
    rss = peakRssMb(pidOf(first));
    cpu += cpuSeconds(pidOf(first));
    await first.stop("SIGTERM");
    servers.push(await spawnServer(setup.dataDir, env, STAMPD_BUNDLE));
    cpu -= cpuSeconds(pidOf(servers[1]));
  }
  await apns.reached(CARDS);
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(benchCpu);
  const last = servers.at(-1) as SpawnedServer;
  rss = Math.max(rss, peakRssMb(pidOf(last)));
  cpu += cpuSeconds(pidOf(last));
  const pushedBeforeStop = restartAt === null ? "–" : restartAt.toLocaleString("en-US");
  await Promise.all(servers.map((s) => s.stop()));
  await apns.close();
  return {
    run: label,
    cards: CARDS,
    "restart after": pushedBeforeStop,
    "devices pushed": apns.pushes.size,
    "pushed twice": apns.doubled().length,
    seconds: Number(seconds.toFixed(1)),
    "passes/s": Math.round(CARDS / seconds),
    "peak RSS MB": Math.round(rss),
    "server CPU s": Number(cpu.toFixed(1)),
    "APNs fake CPU s": Number(((user + system) / 1e6).toFixed(1)),
    [`≤ ${GOAL_SECONDS} s, ≤ ${GOAL_RSS_MB} MB`]:
      seconds <= GOAL_SECONDS && rss <= GOAL_RSS_MB ? "yes" : "NO",
  };
}

async function main(): Promise<void> {
  buildBundle();
  const root = mkdtempSync(join(tmpdir(), "stamp-bench-campaign-"));
  const rows: Record<string, string | number>[] = [];
  try {
    rows.push(await run("SQLite", await setUp(root, "sqlite-a", null), null));
    rows.push(
      await run("SQLite, SIGTERM mid-campaign", await setUp(root, "sqlite-b", null), CARDS * 0.4),
    );
    const cluster = startPostgresCluster();
    try {
      const url = await createDatabase(cluster, "campaign_bench");
      rows.push(
        await run("PostgreSQL, SIGTERM mid-campaign", await setUp(root, "pg", url), CARDS * 0.4),
      );
    } finally {
      cluster.stop();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  printTable("Campaign fan-out to Apple passes through an HTTP/2 APNs fake", rows);
}

await main();
