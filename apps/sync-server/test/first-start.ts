import { call, type Merchant, type Origin, TestDevice } from "./fixtures";
import { type SpawnedServer, stampd } from "./spawn-server";

/**
 * What a shop owner has after `stampd serve`'s first start, for tests that start the real process
 * (spawn-server.ts): the demo merchant it made, and the CLI commands run beside it on the same
 * DATA_DIR (and `env`, e.g. DATABASE_URL).
 */

/** The demo merchant a spawned server made on its first start (its summary says so, once). */
export function firstStartMerchant(server: SpawnedServer): Merchant {
  const start = server.summary.firstStart;
  if (!start) throw new Error("expected a first start: the database was already seeded");
  return { merchantId: start.merchantId, locationId: start.locationId, programId: start.programId };
}

/** An API key of the merchant, made by `stampd api-key`. */
export async function cliApiKey(
  dataDir: string,
  merchant: Merchant,
  env: Record<string, string> = {},
): Promise<string> {
  const made = await stampd(dataDir, ["api-key", "--merchant", merchant.merchantId], env);
  return made.key as string;
}

/** A staff till at the merchant's location, paired over HTTP with a code by `stampd pairing-code`. */
export async function cliPairedTill(
  server: Origin,
  dataDir: string,
  merchant: Merchant,
  name: string,
  env: Record<string, string> = {},
): Promise<TestDevice> {
  const made = await stampd(dataDir, ["pairing-code", "--location", merchant.locationId], env);
  const paired = await call(server, "POST", "/api/v1/devices/pair", {
    body: { code: made.code, name, mode: "staff" },
  });
  if (paired.status !== 201) throw new Error(`pairing failed: ${paired.text}`);
  return new TestDevice(server, paired.json.deviceId, paired.json.token, merchant);
}
