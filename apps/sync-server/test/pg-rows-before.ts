import type pg from "pg";

/**
 * A merchant and one program (both with `merchantId` as id), written as bare rows: the start of
 * the data a migration test puts back the way an older server left it, below the store.
 */
export async function insertMerchantWithProgram(
  client: pg.Client,
  merchantId: string,
  now: number,
): Promise<void> {
  await client.query("INSERT INTO merchants (id, name, created_at) VALUES ($1, 'M', $2)", [
    merchantId,
    now,
  ]);
  await client.query(
    "INSERT INTO programs (id, merchant_id, slug, version, body, created_at, updated_at) VALUES ($1, $1, 'p', 1, '{}', $2, $2)",
    [merchantId, now],
  );
}
