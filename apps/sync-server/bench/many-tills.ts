/**
 * Many tills (issue 13 §4, issue 16): 1,000 simulated tills of one merchant across 10 locations
 * (each in its location's sync scope), each on its own keep-alive connection. First 25, 100, 300
 * and 1,000 of the tills as a chain runs them (issue 16): the same business at every count — 2
 * busy tills per location, each round 0–3 stamps (on its location's cards, one in 20 on a card of
 * another location: a customer visiting another shop) and a pull, then a pause — while every other
 * till is idle and waits on the server as the kiosk does (a held stream, or with BENCH_STREAM=0 a
 * held pull, the long-poll: answered when its location gains an event, a new one at most once a
 * second). So what a till pulls per round must not grow with the tills elsewhere, and idle tills
 * must cost little; and how late an idle till learns of a stamp (from the stamp's making to the
 * answer that brings it): what any change to how often idle tills ask again would trade against
 * the busy tills' latency. Then every till busy (issue 13), the pause shrinking step by step, so
 * the offered load grows; each step reports rounds/s, latency and the events pulled. The rows come
 * first, on the log the seed and the first catch-up made: the steps grow the log and the tills'
 * backlogs many times over, and rows run after them measured that. Run for SQLite (one
 * process), PostgreSQL (one instance) and PostgreSQL (two instances behind a round-robin "load
 * balancer"), next to Hono's hello world driven by the same client over as many connections. The
 * client runs in worker threads (`till-client.ts`, BENCH_CLIENT_THREADS, one per core by default;
 * undici, one keep-alive connection per till), so one client thread is not what limits either
 * figure, and each step says how busy its busiest client thread was (one busy ≥ 90 % of the step
 * limited it); each step also reports the CPU the servers and PostgreSQL spent per round, read
 * from /proc: a figure that holds on a shared machine, where rates and latencies do not.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { MAX_PULL_WAIT_SECONDS, PROTOCOL_VERSION } from "@stamp/wire-protocol";
import { percentile, printTable } from "../../../scripts/bench-table";
import { loadConfig } from "../src/config";
import { createPairingCode } from "../src/devices/create-pairing-code";
import { createLogger } from "../src/logger";
import { openServices } from "../src/open-services";
import { openPgStorage } from "../src/storage/pg/pg-storage";
import { openSqliteStorage } from "../src/storage/sqlite/sqlite-storage";
import { startPostgresCluster } from "../test/postgres-cluster";
import { type SpawnedServer, spawnServer } from "../test/spawn-server";
import { pairBenchTill, seedBenchMerchant } from "./bench-merchant";
import {
  benchBundle,
  clusterCpuMs,
  cpuMs,
  createDatabase,
  databaseSettings,
  startHelloWorld,
  whole,
} from "./bench-support";
import { gcProbeOn, gcRows, removeGcRecords, withGcProbe } from "./gc-phases";
import { type PhasePeak, PhasePeaks } from "./memory-phases";
import { memoryProbe, memoryRows, removeMemorySamples } from "./memory-split";
import {
  removeStallRecords,
  schedRows,
  stallProbeOn,
  stallRows,
  stallTimeRows,
  withStallProbe,
} from "./stall-rounds";
import {
  CLIENT_THREADS,
  type HeldResult,
  helloWorldRate,
  type StepResult,
  TillClient,
  type TillSetup,
} from "./till-client";
import { BENCH_STREAM } from "./till-stream";

/**
 * BENCH_BUNDLES: stampd bundles to run in turns (comma-separated, each copied beside this tree's
 * with its chunks, as BENCH_BUNDLE's), every deployment once per bundle on its own seed and
 * database: a before/after in one run. Else BENCH_BUNDLE or this tree's, built (`benchBundle`).
 */
const BUNDLES = process.env.BENCH_BUNDLES?.split(",").filter((path) => path !== "") ?? [
  benchBundle(),
];
const TILLS = Number(process.env.BENCH_TILLS ?? 1_000);
const CARDS = 1_000;
const LOCATIONS = 10;
/** A round's stamp lands on a card of another location this often (a customer visiting). */
const VISITS = 0.05;
/**
 * The till counts of the scope table (issue 16), each a subset of the paired tills.
 * BENCH_TILL_COUNTS: a comma-separated list instead ("" for none: only the all-busy steps).
 */
const TILL_COUNTS = (process.env.BENCH_TILL_COUNTS ?? "25,100,300,1000")
  .split(",")
  .filter((count) => count.trim() !== "")
  .map(Number)
  .filter((n) => n <= TILLS);
/** Each busy till's mean pause between rounds in the scope table. */
const SCOPE_PAUSE_MS = 250;
/** Busy tills per location in the scope table, whatever the count: the rest are idle. */
const BUSY_PER_LOCATION = 2;
const STEP_MS = Number(process.env.BENCH_STEP_MS ?? 8_000);
/**
 * Each till's mean pause between rounds, one step each: the offered load is TILLS / pause.
 * BENCH_PAUSES_MS: a comma-separated list instead ("" for none: only the by-count table).
 */
const PAUSES_MS = (process.env.BENCH_PAUSES_MS ?? "4000,2000,1000,500,250")
  .split(",")
  .filter((pause) => pause.trim() !== "")
  .map(Number);
const P99_GOAL_MS = 100;
/**
 * BENCH_DEPLOYMENTS: a semicolon-separated list of deployment name prefixes to run ("SQLite",
 * "PostgreSQL, 1"; the names hold commas; any case: "sqlite" ran nothing), for a quick comparison
 * of one; all three by default.
 */
const DEPLOYMENTS = (name: string) =>
  (process.env.BENCH_DEPLOYMENTS?.split(";") ?? [""]).some((p) =>
    name.toLowerCase().startsWith(p.trim().toLowerCase()),
  );
/**
 * BENCH_NODE_FLAG_SETS: node flag sets for the servers, semicolon-separated, each space-separated
 * and after stampd's own (which they override; an empty set is stampd's line as it is): every
 * deployment runs once per set, in turns, each on its own seed and database (an A/B of a V8
 * setting; the same set twice is the A/A that shows the noise). One run, stampd's line, by default.
 */
const FLAG_SETS = (process.env.BENCH_NODE_FLAG_SETS ?? "")
  .split(";")
  .map((set) => set.split(" ").filter((flag) => flag !== ""));

interface Deployment {
  readonly name: string;
  readonly servers: readonly SpawnedServer[];
  readonly merchant: { merchantId: string; locationId: string; programId: string };
  readonly cards: readonly string[];
  /** A pairing code for each location named, made as the CLI makes them. */
  pairingCodes(locations: readonly number[]): Promise<string[]>;
  /** CPU ms its database server has used so far (`clusterCpuMs`); null when it is in process. */
  databaseCpu(): number | null;
  close(): Promise<void>;
}

async function deploy(
  name: string,
  root: string,
  instances: number,
  databaseUrl: string | null,
  databaseDir: string | null,
  flags: readonly string[],
  bundle: string,
): Promise<Deployment> {
  const dirs = Array.from({ length: instances }, (_, i) => join(root, `${name}-${i}`));
  const database = databaseSettings(databaseUrl);
  const config = { ...loadConfig({}), dataDir: dirs[0] as string, ...database.config };
  const services = await openServices(config, createLogger("warn"), "http://localhost");
  const { merchant, locations, cards } = await seedBenchMerchant(services, LOCATIONS, CARDS);
  await services.storage.close();
  // The instances sign with the keys the database keeps (README "Scaling out"), and run with
  // the malloc settings and libuv pool threads `npm start` and stampd.service give them (README
  // "What an instance's memory is made of", and the thread pool beside it).
  const env = {
    ...database.env,
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2",
    MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? "131072",
    UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? "8",
  };
  const servers: SpawnedServer[] = [];
  for (const dir of dirs)
    servers.push(
      await spawnServer(
        dir,
        withStallProbe(withGcProbe({ ...env, ...memoryProbe.env })),
        bundle,
        flags,
      ),
    );
  const storage = databaseUrl
    ? await openPgStorage(databaseUrl, { poolSize: 1, secretsKey: database.config.secretsKey })
    : openSqliteStorage(join(dirs[0] as string, "stamp.db"));
  const admin = { store: storage.store, now: Date.now };
  return {
    name,
    servers,
    merchant,
    cards,
    async pairingCodes(at) {
      const codes: string[] = [];
      for (const location of at) {
        const locationId = locations[location] as string;
        const created = await createPairingCode(admin, { ...merchant, locationId });
        if (!created.ok) throw new Error(created.reason);
        codes.push(created.code);
      }
      return codes;
    },
    databaseCpu: () => (databaseDir ? clusterCpuMs(databaseDir) : null),
    async close() {
      await storage.close();
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

/** Pairs TILLS tills (by turns across the locations and the instances) as the kiosk does. */
async function pairTills(deployment: Deployment): Promise<TillSetup[]> {
  const tills: TillSetup[] = [];
  while (tills.length < TILLS) {
    // Tills by turns across the locations: any first n of them spread over all ten.
    const at = Array.from(
      { length: Math.min(10, TILLS - tills.length) },
      (_, i) => (tills.length + i) % LOCATIONS,
    );
    const codes = await deployment.pairingCodes(at);
    const paired = await Promise.all(
      codes.map(async (code, i) => {
        const server = deployment.servers[(tills.length + i) % deployment.servers.length];
        const url = (server as SpawnedServer).url;
        const { deviceId, token } = await pairBenchTill(url, code);
        return {
          location: at[i] as number,
          deviceId,
          token,
          url,
          cursor: null,
        } satisfies TillSetup;
      }),
    );
    tills.push(...paired);
  }
  return tills;
}

/**
 * What a step cost the deployment: CPU ms (user + system) of its server instances together, and
 * of PostgreSQL's server and backends (null on SQLite). Read from /proc around the step: figures
 * that hold whatever else the machine runs, where rates and latencies do not.
 */
interface CpuUse {
  readonly servers: number;
  readonly database: number | null;
}

/**
 * What the step's client (this process: its threads, `till-client.ts`) did: the busiest client
 * thread's share of the step its event loop was busy, and the process's CPU ms (user + system).
 */
interface ClientUse {
  readonly busiest: number;
  readonly cpu: number;
}

interface Step extends StepResult {
  readonly pauseMs: number;
  /** The window its rounds began in (STEP_MS), s: what its rates are per. */
  readonly seconds: number;
  readonly cpu: CpuUse;
  readonly client: ClientUse;
  /** The peak RSS of the instance that went highest during the step (`PhasePeaks`), MB. */
  readonly rss: number;
}

/**
 * One row of the scope table: the first `tills` of the paired tills (the busy ones first, by
 * turns across the locations), what the busy and the idle ones saw, and the peak RSS so far.
 */
interface TillCountResult {
  readonly tills: number;
  readonly busy: number;
  readonly step: Step;
  readonly held: HeldResult;
  readonly rss: number;
  /** The peak RSS during the row (its busy step and held pulls), MB. */
  readonly rowRss: number;
}

interface Measured {
  readonly name: string;
  /** Its server instances' process ids. */
  readonly pids: readonly number[];
  readonly steps: readonly Step[];
  readonly counts: readonly TillCountResult[];
  /** Every phase of the run with its peak RSS: pairing and catching up as well as the steps. */
  readonly phases: readonly PhasePeak[];
  readonly rss: number;
  /** The phase of the whole run's peak (null: outside them all, as the instances started). */
  readonly peakIn: PhasePeak | null;
}

async function measure(deployment: Deployment): Promise<Measured> {
  process.stderr.write(`${deployment.name}: pairing ${TILLS} tills…\n`);
  const pids = deployment.servers.map((s) => s.child.pid as number);
  // Each phase's peak RSS, the unmeasured ones as well (pairing, catching up): the whole run's
  // peak is one of them, and the tables say which.
  const meter = new PhasePeaks(pids);
  const tills = await meter.phase(`pairing ${whole(TILLS)} tills`, () => pairTills(deployment));
  const client = await TillClient.start(
    {
      merchantId: deployment.merchant.merchantId,
      programId: deployment.merchant.programId,
      cards: deployment.cards,
      locations: LOCATIONS,
      visits: VISITS,
    },
    tills,
  );
  try {
    process.stderr.write(`${deployment.name}: placing cards, catching up…\n`);
    // Each location's cards have been used there: its first till stamps each of them once.
    await meter.phase("placing cards", () => client.placeCards(0, LOCATIONS));
    // A till in service is up to date: each first pulls the enrolments made before it paired.
    await meter.phase(`first catch-up, ${whole(TILLS)} tills`, () => client.catchUp(0, TILLS));
    const cpu = (): CpuUse => ({
      servers: deployment.servers.reduce((n, s) => n + cpuMs(s.child.pid as number), 0),
      database: deployment.databaseCpu(),
    });
    /** Busy tills `from` … `to` − 1 for STEP_MS, with what they cost; its RSS is the phase's. */
    const step = async (from: number, to: number, pauseMs: number) => {
      const before = cpu();
      const loops = client.eventLoops();
      const clientCpu = process.cpuUsage();
      const started = Date.now();
      const result = await client.busy(from, to, pauseMs, started + STEP_MS);
      const after = cpu();
      const { user, system } = process.cpuUsage(clientCpu);
      const busy = client
        .eventLoops()
        .map((now, thread) => performance.eventLoopUtilization(now, loops[thread]).utilization);
      return {
        ...result,
        pauseMs,
        // The rounds' window: every round began in it. A till ends the step after its last
        // round's pause (up to 1.5 × the mean), so the step's own length (the phase's) is longer:
        // at the 4,000 ms pause by up to 6 s, and rounds/s over it read 145 of 250 offered on
        // SQLite with p99 62 ms.
        seconds: STEP_MS / 1000,
        client: { busiest: Math.max(0, ...busy), cpu: (user + system) / 1000 },
        cpu: {
          servers: after.servers - before.servers,
          database:
            after.database === null || before.database === null
              ? null
              : after.database - before.database,
        },
      } satisfies Omit<Step, "rss">;
    };
    const counts: TillCountResult[] = [];
    for (const count of TILL_COUNTS) {
      process.stderr.write(`${deployment.name}: ${count} tills…\n`);
      const busy = Math.min(count, BUSY_PER_LOCATION * LOCATIONS);
      // Idle tills of a chain hold pulls all along: the ones this row adds have not pulled since
      // the rows before, so they catch up first (unmeasured) rather than count that backlog as
      // what an idle till pulls.
      await meter.phase(`catch-up before ${whole(count)} tills`, () => client.catchUp(busy, count));
      // The row's own peak is its phase's (busy step and held pulls); "peak RSS" is the run's so
      // far, which also holds what pairing and catching up took.
      const [busyStep, held] = await meter.phase(`by count, ${whole(count)} tills`, () =>
        Promise.all([
          step(0, busy, SCOPE_PAUSE_MS),
          client.held(busy, count, Date.now() + STEP_MS),
        ]),
      );
      const rowRss = meter.last.rss;
      counts.push({
        tills: count,
        busy,
        step: { ...busyStep, rss: rowRss },
        held,
        rss: meter.whole,
        rowRss,
      });
    }
    // The all-busy steps after the rows: they grow the log and every till's backlog many times
    // over what the rows do, and a row run after them measured that (its 1,000-till p99 ~3–6×
    // the row's alone). Each till is up to date as they start, as before the rows.
    if (PAUSES_MS.length > 0 && counts.length > 0)
      await meter.phase(`catch-up before all busy, ${whole(TILLS)} tills`, () =>
        client.catchUp(0, TILLS),
      );
    const steps: Step[] = [];
    for (const pause of PAUSES_MS) {
      process.stderr.write(`${deployment.name}: tills pausing ${pause} ms…\n`);
      const name = `all busy, ${whole(pause)} ms pause`;
      const done = await meter.phase(name, () => step(0, TILLS, pause));
      steps.push({ ...done, rss: meter.last.rss });
    }
    const rss = meter.whole;
    const phases = meter.phases;
    return { name: deployment.name, pids, steps, counts, phases, rss, peakIn: meter.wholeIn };
  } finally {
    await client.close();
  }
}

/** A percentile of a step's latencies as the tables print it ("—" for a step with no rounds). */
const ms = (latencies: number[], p: number) =>
  latencies.length === 0 ? "—" : percentile(latencies, p).toFixed(1);

/** CPU ms per round of a step: "servers + database". */
function cpuPerRound(cpu: CpuUse, rounds: number): string {
  const servers = (cpu.servers / Math.max(1, rounds)).toFixed(2);
  return cpu.database === null
    ? servers
    : `${servers} + ${(cpu.database / Math.max(1, rounds)).toFixed(2)}`;
}

/**
 * A client thread busy this share of a step or more was what limited it: its rounds' answers and
 * pauses wait their turn in the thread as the servers' do on their cores.
 */
const CLIENT_BOUND = 0.9;

/** The client's column: its busiest thread's busy share, and its CPU ms per round. */
function clientUse(client: ClientUse, rounds: number): string {
  const bound = client.busiest >= CLIENT_BOUND ? " ◀ client-bound" : "";
  return `${(client.busiest * 100).toFixed(0)}%${bound} / ${(client.cpu / Math.max(1, rounds)).toFixed(2)}`;
}

/** The most rounds/s a step reached with its p99 within the goal (0 if none did). */
function bestWithinGoal(result: Measured): number {
  return Math.max(
    0,
    ...result.steps
      .filter((s) => percentile(s.latencies, 99) <= P99_GOAL_MS)
      .map((s) => s.latencies.length / s.seconds),
  );
}

const root = mkdtempSync(join(tmpdir(), "stamp-bench-tills-"));
const cluster = startPostgresCluster();
try {
  const hello = await startHelloWorld();
  const helloWorld = await helloWorldRate(hello.url, TILLS, STEP_MS).finally(() =>
    hello.child.kill("SIGTERM"),
  );
  const results: Measured[] = [];
  const plans: [string, number, string | null][] = [
    ["SQLite", 1, null],
    ["PostgreSQL, 1 instance", 1, "tills_one"],
    ["PostgreSQL, 2 instances", 2, "tills_two"],
  ];
  for (const [name, instances, database] of plans.filter(([name]) => DEPLOYMENTS(name)))
    for (const [set, flags] of FLAG_SETS.entries())
      for (const [b, bundle] of BUNDLES.entries()) {
        const url = database ? await createDatabase(cluster, `${database}_${set}_${b}`) : null;
        const dir = url ? cluster.dataDir : null;
        const run = `${name.replace(/\W+/g, "-")}-${set}-${b}`;
        const deployment = await deploy(run, root, instances, url, dir, flags, bundle);
        const flagged =
          FLAG_SETS.length > 1 ? `${name} [${set}: ${flags.join(" ") || "stampd's"}]` : name;
        const named = BUNDLES.length > 1 ? `${flagged} [${basename(bundle)}]` : flagged;
        try {
          results.push({ ...(await measure(deployment)), name: named });
        } finally {
          await deployment.close();
        }
      }
  const client = `${CLIENT_THREADS} client threads`;
  for (const result of results)
    printTable(
      `Many tills, ${result.name}: ${TILLS.toLocaleString("en-US")} tills each on its own connection (${client}), rounds of 0–3 stamps + a pull, ${STEP_MS / 1000} s per step (rates: what began in them), after the by-count rows; CPU per round = server instances + PostgreSQL; client = its busiest thread's share of the step its event loop was busy (◀ client-bound from ${CLIENT_BOUND * 100}%) / this process's CPU ms per round`,
      result.steps.map((s) => ({
        "pause per till, ms": whole(s.pauseMs),
        "offered rounds/s": whole(TILLS / (s.pauseMs / 1000)),
        "rounds/s": whole(s.latencies.length / s.seconds),
        "p50 ms": ms(s.latencies, 50),
        "p99 ms": ms(s.latencies, 99),
        "CPU ms per round": cpuPerRound(s.cpu, s.latencies.length),
        "client: busiest thread busy / CPU ms per round": clientUse(s.client, s.latencies.length),
        "pulled events/s": whole(s.pulled / s.seconds),
        "failed rounds": s.failures,
        "peak RSS in the step, MB": `${whole(s.rss)} ${s.rss <= 250 ? "✅" : "❌"}`,
      })),
    );
  for (const result of results)
    printTable(
      `Many tills, ${result.name}: peak RSS phase by phase, the unmeasured ones too (pairing, catching up: tills pulling what is new since they last did, all at once; each instance's VmHWM reset as a phase starts)`,
      result.phases.map((p) => ({
        phase: p.name,
        seconds: ((p.window[1] - p.window[0]) / 1000).toFixed(1),
        "peak RSS in the phase, MB": `${whole(p.rss)} ${p.rss <= 250 ? "✅" : "❌"}`,
        "the run's peak": p === result.peakIn ? "◀" : "",
      })),
    );
  for (const result of results)
    printTable(
      `Many tills by count, ${result.name}, tills of protocol ${process.env.BENCH_TILL_PROTOCOL ?? PROTOCOL_VERSION}: tills across ${LOCATIONS} locations in their location's sync scope; ${BUSY_PER_LOCATION} busy tills per location (rounds of 0–3 stamps + a pull, ${SCOPE_PAUSE_MS} ms mean pause), every other till idle on ${BENCH_STREAM ? "a held stream" : `held pulls (${MAX_PULL_WAIT_SECONDS} s, at most 1/s)`}; ${STEP_MS / 1000} s each, before the all-busy steps (hello world: ${whole(helloWorld)} req/s)`,
      result.counts.map(({ tills, busy, step, held, rss, rowRss }) => {
        const p99 = percentile(step.latencies, 99);
        return {
          tills: whole(tills),
          "busy / idle": `${busy} / ${tills - busy}`,
          "rounds/s": whole(step.latencies.length / step.seconds),
          "p50 ms": ms(step.latencies, 50),
          "p99 ms": `${ms(step.latencies, 99)} ${p99 <= P99_GOAL_MS ? "✅" : "❌"}`,
          "held answers/s": whole(held.answers / step.seconds),
          "pulled events/s": whole((step.pulled + held.pulled) / step.seconds),
          "pulled per busy round": (step.pulled / Math.max(1, step.latencies.length)).toFixed(2),
          "pulled per held answer": (held.pulled / Math.max(1, held.answers)).toFixed(2),
          "idle till learns of a stamp p50 / p99, ms": `${ms(held.staleness, 50)} / ${ms(held.staleness, 99)}`,
          "answer KB per busy round": (
            step.bytes /
            1024 /
            Math.max(1, step.latencies.length)
          ).toFixed(2),
          "CPU ms per round (busy + held answers)": cpuPerRound(
            step.cpu,
            step.latencies.length + held.answers,
          ),
          "client: busiest thread busy / CPU ms per round (busy + held)": clientUse(
            step.client,
            step.latencies.length + held.answers,
          ),
          "failed (not held)": `${step.failures + held.failures} (${held.unheld})`,
          "RSS in the row, MB": whole(rowRss),
          "peak RSS, MB": `${whole(rss)} ${rss <= 250 ? "✅" : "❌"}`,
        };
      }),
    );
  if (memoryProbe.on)
    for (const result of results)
      printTable(
        `Many tills, ${result.name}: what each instance's peak RSS is made of, in the whole run and in each phase (BENCH_MEMORY=1: sampled in the server every 100 ms)`,
        memoryRows(result.pids, result.phases),
      );
  if (gcProbeOn)
    for (const result of results)
      printTable(
        `Many tills, ${result.name}: garbage collection phase by phase (BENCH_GC=1: every GC's pause, from Node's \`gc\` performance entries)`,
        gcRows(result.pids, result.phases),
      );
  if (stallProbeOn)
    for (const result of results) {
      printTable(
        `Many tills, ${result.name}: the rounds over 100 ms by what overlapped most of them (BENCH_STALLS=1: the server's event-loop stalls, GCs, checkpoints and request times, the client threads' stalls)`,
        stallRows(result.phases),
      );
      printTable(
        `Many tills, ${result.name}: the server's event-loop stalls (≥ 20 ms) phase by phase, by what they were spent on`,
        stallTimeRows(result.phases),
      );
      printTable(
        `Many tills, ${result.name}: each phase's share of time the server's main thread and each client thread ran on a core, and waited for one (/proc/thread-self/schedstat)`,
        schedRows(result.phases),
      );
    }
  const single = results.find((r) => r.name.startsWith("PostgreSQL, 1 instance"));
  const one = single ? bestWithinGoal(single) : 0;
  printTable(
    `Many tills, summary: best rounds/s with p99 ≤ ${P99_GOAL_MS} ms, next to Hono hello world (${whole(helloWorld)} req/s over ${TILLS.toLocaleString("en-US")} connections, the same client: ${client})`,
    results.map((r) => {
      const best = bestWithinGoal(r);
      const share = best / helloWorld;
      const busiest = r.steps.at(-1);
      return {
        deployment: r.name,
        "rounds/s at p99 ≤ 100 ms": whole(best),
        "share of hello world": `${(share * 100).toFixed(1)}% ${share >= 0.2 ? "✅" : "❌"} (goal ≥ 20%)`,
        "vs one PostgreSQL instance":
          r.name.startsWith("PostgreSQL, 2 instances") && one > 0
            ? `${(best / one).toFixed(2)}× ${best / one >= 1.6 ? "✅" : "❌"} (goal ≥ 1.6×)`
            : "",
        "CPU ms per round (busiest step)": busiest
          ? cpuPerRound(busiest.cpu, busiest.latencies.length)
          : "",
        "peak RSS per instance, MB": `${whole(r.rss)} ${r.rss <= 250 ? "✅" : "❌"} (goal ≤ 250)`,
        "peak in": r.peakIn?.name ?? "starting",
      };
    }),
  );
} finally {
  cluster.stop();
  rmSync(root, { recursive: true, force: true });
  removeMemorySamples();
  removeGcRecords();
  removeStallRecords();
}
