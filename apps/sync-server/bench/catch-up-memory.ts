/**
 * Catch-up memory (issues 13 §4, 16): what tills catching up all at once cost stampd's memory, the
 * phase of the many-tills run's peak RSS (the catch-up before the 1,000-till row: ~700 idle tills
 * behind by the busy tills' stamps, their pulls queued for the pull gate's slots). One SQLite
 * server (the bundle, with `npm start`'s malloc settings), BENCH_TILLS tills across 10 locations;
 * BUSY of them stamp for BENCH_BACKLOG_MS while the rest sit idle, then the idle ones catch up at
 * once; BENCH_REPEATS times. Before those, every till's first pull at once (compact cards: the
 * many-tills run's first catch-up, its peak on a loaded machine). BENCH_BUNDLE: another build's
 * bundle (`benchBundle`), for A/B runs. Each catch-up's peak RSS (VmHWM, reset as it starts)
 * swings with the machine's load; what `round-probe.mjs` counts in the server does not: bytes allocated and bytes
 * the scavenges promoted to the old generation (garbage there waits for a mark-compact: the
 * peak), per till caught up, and the GCs.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { printTable, type Row } from "../../../scripts/bench-table";
import { loadConfig } from "../src/config";
import { createPairingCode } from "../src/devices/create-pairing-code";
import { createLogger } from "../src/logger";
import { openServices } from "../src/open-services";
import { spawnServer } from "../test/spawn-server";
import { pairBenchTill, seedBenchMerchant } from "./bench-merchant";
import { benchBundle } from "./bench-support";
import { PhasePeaks } from "./memory-phases";
import { PROBED_SERVER_ENV, probe } from "./round-probe";
import { TillClient, type TillSetup } from "./till-client";

const TILLS = Number(process.env.BENCH_TILLS ?? 720);
const LOCATIONS = 10;
const CARDS = 1_000;
/** Busy tills, 2 per location as in many-tills' by-count rows: the rest are the ones behind. */
const BUSY = 2 * LOCATIONS;
const BACKLOG_MS = Number(process.env.BENCH_BACKLOG_MS ?? 24_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

async function main(): Promise<void> {
  const bundle = benchBundle();
  const root = mkdtempSync(join(tmpdir(), "stamp-catch-up-memory-"));
  const services = await openServices(
    { ...loadConfig({}), dataDir: root },
    createLogger("warn"),
    "http://localhost",
  );
  const { merchant, locations, cards } = await seedBenchMerchant(services, LOCATIONS, CARDS);
  const server = await spawnServer(root, PROBED_SERVER_ENV, bundle);
  let client: TillClient | null = null;
  try {
    process.stderr.write(`pairing ${TILLS} tills…\n`);
    const tills: TillSetup[] = [];
    for (let i = 0; i < TILLS; i++) {
      const location = i % LOCATIONS;
      const locationId = locations[location] as string;
      const code = await createPairingCode(services, { ...merchant, locationId });
      if (!code.ok) throw new Error(code.reason);
      const paired = await pairBenchTill(server.url, code.code);
      tills.push({ location, ...paired, url: server.url, cursor: null });
    }
    await services.storage.close();
    client = await TillClient.start(
      { ...merchant, cards, locations: LOCATIONS, visits: 0.05 },
      tills,
    );
    await client.placeCards(0, LOCATIONS);
    const meter = new PhasePeaks([server.child.pid as number]);
    const rows: Row[] = [];
    /** Tills `from` … `to` − 1 catch up at once: what that cost the server, per till. */
    const catchUp = async (name: string, from: number, to: number) => {
      const before = await probe(server);
      const started = performance.now();
      const caughtUp = await meter.phase(name, () => (client as TillClient).catchUp(from, to));
      const seconds = (performance.now() - started) / 1000;
      const after = await probe(server);
      const behind = to - from;
      const perTill = (key: "allocated" | "promoted") =>
        ((after[key] - before[key]) / 1024 / behind).toFixed(1);
      rows.push({
        "catch-up": name,
        "tills behind": behind,
        "answer KB/till": (caughtUp.bytes / 1024 / behind).toFixed(1),
        "pages/till": (caughtUp.rounds / behind).toFixed(2),
        seconds: seconds.toFixed(1),
        "peak RSS, MB": meter.last.rss.toFixed(0),
        "allocated KB/till": perTill("allocated"),
        "promoted KB/till": perTill("promoted"),
        scavenges: after.scavenges - before.scavenges,
        "mark-compacts": after.markCompacts - before.markCompacts,
        "server CPU ms/till": ((after.cpuMicros - before.cpuMicros) / 1000 / behind).toFixed(2),
      });
    };
    // Every till's first pull (compact cards, its location's): the many-tills run's first
    // catch-up, its peak on a loaded machine.
    await catchUp("first pulls", 0, TILLS);
    for (let repeat = 1; repeat <= REPEATS; repeat++) {
      process.stderr.write(`catch-up ${repeat} of ${REPEATS}…\n`);
      await client.busy(0, BUSY, 250, Date.now() + BACKLOG_MS);
      await catchUp(String(repeat), BUSY, TILLS);
    }
    printTable(
      `Catch-up memory (stampd on SQLite, ${TILLS} tills across ${LOCATIONS} locations, ${BUSY} busy for ${BACKLOG_MS / 1000} s, then the rest catch up at once)`,
      rows,
    );
  } finally {
    await client?.close();
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
