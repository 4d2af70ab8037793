/**
 * In-process ingest probe (issue 13 §4): the CPU one 500-event sync round costs inside the server,
 * without HTTP — `syncBatch` on a real SQLite file, as the bulk-ingest bench's "one till at a time"
 * sends it (four tills taking turns on 1,000 shared cards). Per round: the process's CPU
 * (process.cpuUsage, so GC and the WAL sync on the thread pool count; its system part apart, where
 * the WAL's writes show and instruction counts do not) and, apart, the CPU of the
 * round's `EventLog.append` (the batch's work in its transaction, before its commit). Medians hold
 * under load far better than rates. BENCH_EVENTS: events sent (100,000); BENCH_WARM: rounds not
 * counted (20); BENCH_KEEP=1 keeps the data directory. Instruction counts, which hold under any
 * load: BENCH_CALLGRIND=1 under `valgrind --tool=callgrind --instr-atstart=no node --import tsx`;
 * compare the total less `PlatformWorkerThread` (V8's compiler and marking threads, which vary from
 * run to run), and warm enough rounds that the code compared is optimized code.
 */

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClock, type HlcClock, nodeIdForDevice, type StampEvent, tick } from "@stamp/core";
import { seededRandom } from "@stamp/core/testing";
import { v7 as uuidv7 } from "uuid";
import { loadConfig } from "../src/config";
import { createPairingCode } from "../src/devices/create-pairing-code";
import { pairDevice } from "../src/devices/pair-device";
import { createLogger } from "../src/logger";
import { openServices } from "../src/open-services";
import { EventLog } from "../src/storage/sqlite/event-log";
import { seedBenchMerchant } from "./bench-merchant";
import { ingestRound } from "./ingest-batches";
import { WalPages } from "./wal-pages";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const WARM = Number(process.env.BENCH_WARM ?? 20);
const BATCH = 500;
const DEVICES = 4;
const CARDS = 1_000;

/** User and system CPU so far, in ms: system time is where the WAL's writes (pwrite64) show. */
const cpuSplit = () => {
  const { user, system } = process.cpuUsage();
  return { user: user / 1000, system: system / 1000 };
};
const cpuNow = () => {
  const { user, system } = cpuSplit();
  return user + system;
};
/**
 * Under `valgrind --tool=callgrind --instr-atstart=no` (BENCH_CALLGRIND=1): instructions are
 * counted from the first round after the warm ones to the last, a count that holds under load.
 */
function callgrind(instrumentation: "on" | "off"): void {
  if (process.env.BENCH_CALLGRIND)
    execFileSync("callgrind_control", ["-i", instrumentation, String(process.pid)]);
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

const dataDir = mkdtempSync(join(tmpdir(), "stamp-ingest-batch-"));
try {
  const config = { ...loadConfig({}), dataDir, databaseUrl: null, secretsKey: null };
  const services = await openServices(config, createLogger("warn"), "http://localhost");
  const { merchant, cards } = await seedBenchMerchant(services, 1, CARDS);
  const tills: { deviceId: string; clock: HlcClock; cursor: string | null }[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const created = await createPairingCode(services, merchant);
    if (!created.ok) throw new Error(created.reason);
    const paired = await pairDevice(services, { code: created.code, name: "Bench", mode: "staff" });
    if (!paired.ok) throw new Error(paired.reason);
    const deviceId = paired.config.deviceId;
    tills.push({ deviceId, clock: createClock(nodeIdForDevice(deviceId)), cursor: null });
  }
  const random = seededRandom(42);
  const t0 = Date.now();
  let inTransaction = 0;
  const append = EventLog.prototype.append;
  EventLog.prototype.append = function (this: EventLog, batch) {
    const start = cpuNow();
    const outcomes = append.call(this, batch);
    inTransaction += cpuNow() - start;
    return outcomes;
  };
  // Made before the rounds, so that under callgrind only the rounds are counted.
  const batches: { till: (typeof tills)[number]; raw: unknown[] }[] = [];
  for (let b = 0; b < EVENTS / BATCH; b++) {
    const till = tills[b % DEVICES] as (typeof tills)[number];
    const events: StampEvent[] = [];
    for (let i = 0; i < BATCH; i++) {
      const at = t0 + b * BATCH + i;
      const next = tick(till.clock, at);
      till.clock = next.clock;
      events.push({
        id: uuidv7({ msecs: at }),
        v: 1,
        type: "stamps.added",
        hlc: next.hlc,
        deviceId: till.deviceId,
        merchantId: merchant.merchantId,
        programId: merchant.programId,
        cardId: cards[Math.floor(random() * cards.length)] as string,
        count: 1,
        channel: "staff",
      } as StampEvent);
    }
    batches.push({ till, raw: JSON.parse(JSON.stringify(events)) });
  }
  const databaseFile = join(dataDir, "stamp.db");
  const walPages = process.env.BENCH_PAGES ? new WalPages(databaseFile) : null;
  const rounds: { cpu: number; system: number; tx: number }[] = [];
  for (const [b, { till, raw }] of batches.entries()) {
    if (b === WARM) callgrind("on");
    inTransaction = 0;
    if (b >= WARM) walPages?.mark();
    const start = cpuSplit();
    await ingestRound(services, merchant, till, raw);
    const end = cpuSplit();
    const system = end.system - start.system;
    const cpu = end.user - start.user + system;
    if (b >= WARM) {
      walPages?.count();
      rounds.push({ cpu, system, tx: inTransaction });
    }
  }
  callgrind("off");
  await services.storage.close();
  const cpu = rounds.map((r) => r.cpu);
  const tx = rounds.map((r) => r.tx);
  process.stdout.write(
    `ingest-batch rounds=${rounds.length} cpuMedian=${median(cpu).toFixed(2)} ` +
      `cpuMean=${(cpu.reduce((a, x) => a + x, 0) / cpu.length).toFixed(2)} ` +
      `systemMedian=${median(rounds.map((r) => r.system)).toFixed(2)} ` +
      `appendMedian=${median(tx).toFixed(2)}\n`,
  );
  if (walPages) process.stdout.write(`${walPages.report(databaseFile)}\n`);
} finally {
  if (!process.env.BENCH_KEEP) rmSync(dataDir, { recursive: true, force: true });
}
