/**
 * First-pull benchmark (issue 16): a merchant with BENCH_FIRST_PULL_CARDS cards (default 20,000)
 * and about 20 events each at BENCH_FIRST_PULL_LOCATIONS locations (default 4), written through
 * the store's append path (`seedActivity`). A newly paired till of the main location pulls its
 * scope from the start, over HTTP from the real server process (the bundle `npm start` runs): the
 * whole merchant (the location set to the `merchant` scope), then the location's own view (set to
 * `location`), each once as a till of protocol 4 (every event of every card of the scope) and once
 * of protocol 5 (every card as snapshot + tail, 100 a page, then events: stamp-core SPEC CS7). The
 * server is started afresh for each, so its peak RSS is that pull's. Then the join rows
 * (`first-pull-join.ts`, SC8), on a second merchant of the same size whose customers keep to their
 * shop (95 % of a card's till events at its home location). BENCH_FIRST_PULL_DATABASES picks the
 * databases (default `sqlite,postgres`).
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMPACT_CARDS_PROTOCOL } from "@stamp/wire-protocol";
import { printTable, type Row } from "../../../scripts/bench-table";
import { createPairingCode } from "../src/devices/create-pairing-code";
import { startPostgresCluster } from "../test/postgres-cluster";
import { buildBundle } from "../test/spawn-server";
import { cpuSeconds, createDatabase, databaseSettings, peakRssMb, whole } from "./bench-support";
import { joinRows } from "./first-pull-join";
import { type Seeded, seed, withServices } from "./first-pull-store";
import { pairTill, pulledFigures, pullToEnd, withServer } from "./first-pull-till";

const CARDS = Number(process.env.BENCH_FIRST_PULL_CARDS ?? 20_000);
const EVENTS = Number(process.env.BENCH_FIRST_PULL_EVENTS ?? CARDS * 20);
const LOCATIONS = Number(process.env.BENCH_FIRST_PULL_LOCATIONS ?? 4);
const DATABASES = (process.env.BENCH_FIRST_PULL_DATABASES ?? "sqlite,postgres").split(",");
const SCOPES = ["merchant", "location"] as const;
/** The join rows' merchant: the share of a card's till events at its home location. */
const HOME_SHARE = 0.95;

/**
 * A pairing code for the merchant's main location, made straight in the database, with the
 * location's tills set to replicate `scope`.
 */
async function pairingCode(
  dataDir: string,
  databaseUrl: string | null,
  seeded: Seeded,
  scope: (typeof SCOPES)[number],
) {
  return withServices(dataDir, databaseUrl, async (services) => {
    if (!(await services.store.setSyncScope(seeded.merchantId, seeded.locationId, scope)))
      throw new Error("no location");
    const created = await createPairingCode(services, seeded);
    if (!created.ok) throw new Error(created.reason);
    return created.code;
  });
}

const dataDir = mkdtempSync(join(tmpdir(), "stamp-bench-first-pull-"));
const cluster = DATABASES.includes("postgres") ? startPostgresCluster() : null;
try {
  buildBundle();
  const rows: Row[] = [];
  for (const database of DATABASES) {
    const url =
      database === "postgres" && cluster ? await createDatabase(cluster, "firstpull") : null;
    const dir = join(dataDir, database);
    const name = database === "postgres" ? "PostgreSQL" : "SQLite";
    process.stderr.write(
      `${database}: seeding ${whole(EVENTS)} events of ${whole(CARDS)} cards…\n`,
    );
    const size = { cards: CARDS, events: EVENTS, locations: LOCATIONS };
    const seeded = await seed(dir, url, { name: "First Pull Cafe", ...size });
    const pulls = SCOPES.flatMap((scope) =>
      [COMPACT_CARDS_PROTOCOL - 1, COMPACT_CARDS_PROTOCOL].map((protocol) => ({ scope, protocol })),
    );
    const env = { ...databaseSettings(url).env, BACKUP_DAYS: "0" };
    for (const { scope, protocol } of pulls) {
      const code = await pairingCode(dir, url, seeded, scope);
      const figures = await withServer(dir, env, async (serverUrl, pid) => {
        const start = { cpuSeconds: cpuSeconds(pid), rssMb: peakRssMb(pid) };
        const token = await pairTill(serverUrl, code, protocol);
        return pulledFigures(await pullToEnd(serverUrl, token, protocol, null), pid, start);
      });
      rows.push({
        database: name,
        scope: scope === "merchant" ? "whole merchant" : `one location of ${LOCATIONS}`,
        till:
          protocol >= COMPACT_CARDS_PROTOCOL
            ? `protocol ${protocol}: compact cards`
            : `protocol ${protocol}: every event`,
        ...figures,
      });
    }
    if (LOCATIONS < 4) continue;
    process.stderr.write(`${database}: seeding the join rows' merchant (keeps to its shops)…\n`);
    const local = await seed(dir, url, { name: "Join Cafe", homeShare: HOME_SHARE, ...size });
    for (const { scope, figures } of await joinRows(dir, url, local))
      rows.push({
        database: name,
        scope,
        till: `protocol ${COMPACT_CARDS_PROTOCOL}: compact cards`,
        ...figures,
      });
  }
  printTable(
    `First pull of a new till over HTTP, whole-merchant and location scopes: one merchant with ${whole(CARDS)} cards and ${whole(EVENTS)} events over a year at ${LOCATIONS} locations, the server started afresh for each pull; then joins of a till's region (SC8) on a merchant of the same size whose customers keep to their shop (${HOME_SHARE * 100} % of a card's till events there)`,
    rows,
  );
} finally {
  cluster?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
