/**
 * Many tills (issue 13 §4, issue 16): 1,000 simulated tills of one merchant across 10 locations
 * (each in its location's sync scope), each on its own keep-alive connection, each round pushing
 * 0–3 stamps (on its location's cards, one in 20 on a card of another location: a customer
 * visiting another shop) and pulling what is new, then pausing. The pause shrinks step by step,
 * so the offered load grows; each step reports rounds/s, latency and the events pulled. Then 25,
 * 100, 300 and 1,000 of the tills as a chain runs them (issue 16): the same business at every
 * count — 2 busy tills per location, each round 0–3 stamps and a pull — while every other till is
 * idle and waits on the server as the kiosk does (a held pull, the long-poll: answered when its
 * location gains an event, a new one at most once a second). So what a till pulls per round must
 * not grow with the tills elsewhere, and idle tills must cost little. Run for SQLite (one
 * process), PostgreSQL (one instance) and PostgreSQL (two instances behind a round-robin "load
 * balancer"), next to Hono's hello world driven by the same client over as many connections.
 */

import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClock, type HlcClock, nodeIdForDevice, tick } from "@stamp/core";
import { seededRandom } from "@stamp/core/testing";
import {
  HELD_PULL_GAP_MS,
  MAX_PULL_WAIT_SECONDS,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
} from "@stamp/wire-protocol";
import { v7 as uuidv7 } from "uuid";
import { percentile, printTable } from "../../../scripts/bench-table";
import { enrollCard } from "../src/cards/enroll-card";
import { loadConfig } from "../src/config";
import { createPairingCode } from "../src/devices/create-pairing-code";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import { openPgStorage } from "../src/storage/pg/pg-storage";
import { openSqliteStorage } from "../src/storage/sqlite/sqlite-storage";
import { startPostgresCluster } from "../test/postgres-cluster";
import { buildBundle, type SpawnedServer, STAMPD_BUNDLE, spawnServer } from "../test/spawn-server";
import {
  createDatabase,
  databaseSettings,
  peakRssMb,
  startHelloWorld,
  whole,
} from "./bench-support";

const TILLS = Number(process.env.BENCH_TILLS ?? 1_000);
const CARDS = 1_000;
const LOCATIONS = 10;
/** A round's stamp lands on a card of another location this often (a customer visiting). */
const VISITS = 0.05;
/** The till counts of the scope table (issue 16), each a subset of the paired tills. */
const TILL_COUNTS = [25, 100, 300, 1_000].filter((n) => n <= TILLS);
/** Each busy till's mean pause between rounds in the scope table. */
const SCOPE_PAUSE_MS = 250;
/** Busy tills per location in the scope table, whatever the count: the rest are idle. */
const BUSY_PER_LOCATION = 2;
const STEP_MS = Number(process.env.BENCH_STEP_MS ?? 8_000);
/** Each till's mean pause between rounds, one step each: the offered load is TILLS / pause. */
const PAUSES_MS = [4_000, 2_000, 1_000, 500, 250];
const P99_GOAL_MS = 100;

interface Till {
  /** Its location, 0 … LOCATIONS − 1. */
  readonly location: number;
  readonly deviceId: string;
  readonly token: string;
  readonly agent: http.Agent;
  readonly url: URL;
  cursor: string | null;
  clock: HlcClock;
}

interface Reply {
  readonly status: number;
  readonly json: Record<string, unknown>;
}

/**
 * One JSON POST on the till's own connection. A kept-alive socket the server closed while the
 * till paused (its keep-alive timeout) fails at once with ECONNRESET: sent again on a new one, as
 * Node's documentation advises and as a browser does. Any other network error is answered as
 * status 0, a failed round.
 */
function post(
  agent: http.Agent,
  url: URL,
  path: string,
  body: unknown,
  token?: string,
): Promise<Reply> {
  const payload = JSON.stringify(body);
  return new Promise<Reply>((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
          // A till of today's protocol: it syncs in its location's scope.
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: response.statusCode ?? 0, json: text ? JSON.parse(text) : {} });
        });
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (request.reusedSocket && error.code === "ECONNRESET")
        post(agent, url, path, body, token).then(resolve, reject);
      // A connection the overloaded server dropped is a failed round, counted as such.
      else resolve({ status: 0, json: { error: { code: error.code ?? "network" } } });
    });
    request.end(payload);
  });
}

interface Deployment {
  readonly name: string;
  readonly servers: readonly SpawnedServer[];
  readonly merchant: { merchantId: string; locationId: string; programId: string };
  readonly cards: readonly string[];
  /** A pairing code for each location named, made as the CLI makes them. */
  pairingCodes(locations: readonly number[]): Promise<string[]>;
  close(): Promise<void>;
}

async function deploy(
  name: string,
  root: string,
  instances: number,
  databaseUrl: string | null,
): Promise<Deployment> {
  const dirs = Array.from({ length: instances }, (_, i) => join(root, `${name}-${i}`));
  const database = databaseSettings(databaseUrl);
  const config = { ...loadConfig({}), dataDir: dirs[0] as string, ...database.config };
  const services = await openServices(config, createLogger("warn"), "http://localhost");
  const made = await createMerchant(services, "Bench Cafe");
  const merchant = {
    merchantId: made.merchantId,
    locationId: made.locationId,
    programId: made.programId,
  };
  const locations = [made.locationId];
  for (let i = 1; i < LOCATIONS; i++) {
    const id = randomUUID();
    const first = await services.store.getLocation(merchant.merchantId, made.locationId);
    if (!first) throw new Error("the merchant has no location");
    await services.store.createLocation({ ...first, id, name: `Shop ${i}`, createdAt: Date.now() });
    locations.push(id);
  }
  const cards: string[] = [];
  for (let i = 0; i < CARDS; i++) {
    const answer = await enrollCard(services, { ...merchant, source: "api" });
    if (!("kind" in answer) || answer.kind !== "answer") throw new Error("enrolment failed");
    cards.push(JSON.parse(answer.response.body).cardId);
  }
  await services.storage.close();
  // The instances sign with the keys the database keeps (README "Scaling out").
  const env = database.env;
  const servers: SpawnedServer[] = [];
  for (const dir of dirs) servers.push(await spawnServer(dir, env, STAMPD_BUNDLE));
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
    async close() {
      await storage.close();
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

async function pairTills(deployment: Deployment): Promise<Till[]> {
  const tills: Till[] = [];
  while (tills.length < TILLS) {
    // Tills by turns across the locations: any first n of them spread over all ten.
    const at = Array.from(
      { length: Math.min(10, TILLS - tills.length) },
      (_, i) => (tills.length + i) % LOCATIONS,
    );
    const codes = await deployment.pairingCodes(at);
    const paired = await Promise.all(
      codes.map(async (code, i) => {
        const location = at[i] as number;
        const server = deployment.servers[(tills.length + i) % deployment.servers.length];
        const url = new URL((server as SpawnedServer).url);
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        const reply = await post(agent, url, "/api/v1/devices/pair", {
          code,
          name: "Bench till",
          mode: "staff",
        });
        if (reply.status !== 201) throw new Error(`pairing: ${JSON.stringify(reply.json)}`);
        const deviceId = reply.json.deviceId as string;
        return {
          location,
          deviceId,
          token: reply.json.token as string,
          agent,
          url,
          cursor: null,
          clock: createClock(nodeIdForDevice(deviceId)),
        } satisfies Till;
      }),
    );
    tills.push(...paired);
  }
  return tills;
}

interface StepResult {
  readonly pauseMs: number;
  readonly rounds: number;
  readonly seconds: number;
  readonly latencies: number[];
  readonly pulled: number;
  readonly failures: number;
}

/** A stamp the till makes now, as the kiosk does (UUIDv7 id, the till's HLC). */
function stampEvent(deployment: Deployment, till: Till, cardId: string) {
  const at = Date.now();
  const next = tick(till.clock, at);
  till.clock = next.clock;
  return {
    id: uuidv7({ msecs: at }),
    v: 1,
    type: "stamps.added",
    hlc: next.hlc,
    deviceId: till.deviceId,
    merchantId: deployment.merchant.merchantId,
    programId: deployment.merchant.programId,
    cardId,
    count: 1,
    channel: "staff",
  };
}

/** A card of the till's location (cards are spread over them by index), or any card on a visit. */
function cardFor(deployment: Deployment, till: Till, random: () => number): string {
  const { cards } = deployment;
  if (random() < VISITS) return cards[Math.floor(random() * cards.length)] as string;
  const perLocation = cards.length / LOCATIONS;
  return cards[till.location + LOCATIONS * Math.floor(random() * perLocation)] as string;
}

async function runStep(
  deployment: Deployment,
  tills: readonly Till[],
  pauseMs: number,
  random: () => number,
): Promise<StepResult> {
  const latencies: number[] = [];
  let pulled = 0;
  let failures = 0;
  const started = performance.now();
  const end = started + STEP_MS;
  await Promise.all(
    tills.map(async (till) => {
      // Tills do not start in lockstep: each waits a random part of its pause first.
      await new Promise((r) => setTimeout(r, random() * pauseMs));
      while (performance.now() < end) {
        const events = Array.from({ length: Math.floor(random() * 4) }, () =>
          stampEvent(deployment, till, cardFor(deployment, till, random)),
        );
        const t = performance.now();
        const reply = await post(
          till.agent,
          till.url,
          "/api/v1/sync",
          { cursor: till.cursor, events },
          till.token,
        );
        latencies.push(performance.now() - t);
        if (reply.status !== 200) failures++;
        else {
          till.cursor = reply.json.cursor as string;
          pulled += (reply.json.events as unknown[]).length;
        }
        await new Promise((r) => setTimeout(r, pauseMs * (0.5 + random())));
      }
    }),
  );
  return {
    pauseMs,
    rounds: latencies.length,
    seconds: (performance.now() - started) / 1000,
    latencies,
    pulled,
    failures,
  };
}

/** What the idle tills of a step saw: held pulls answered, events they brought, failures. */
interface HeldResult {
  readonly answers: number;
  /** Answers without `maxWait`: the server had no room to hold the till's pull. */
  readonly unheld: number;
  readonly pulled: number;
  readonly failures: number;
}

/**
 * Idle tills for STEP_MS as the kiosk runs them: each holds a pull on the server (up to the end of
 * the step) and starts the next one when it is answered, at most one per HELD_PULL_GAP_MS.
 */
async function holdPulls(tills: readonly Till[]): Promise<HeldResult> {
  let answers = 0;
  let unheld = 0;
  let pulled = 0;
  let failures = 0;
  const end = performance.now() + STEP_MS;
  await Promise.all(
    tills.map(async (till) => {
      for (let started = performance.now(); started < end; started = performance.now()) {
        const wait = Math.min(MAX_PULL_WAIT_SECONDS, Math.ceil((end - started) / 1000));
        const reply = await post(
          till.agent,
          till.url,
          "/api/v1/sync",
          { cursor: till.cursor, events: [], wait },
          till.token,
        );
        if (reply.status !== 200) failures++;
        else {
          answers++;
          if (reply.json.maxWait === undefined) unheld++;
          till.cursor = reply.json.cursor as string;
          pulled += (reply.json.events as unknown[]).length;
        }
        const gap = started + HELD_PULL_GAP_MS - performance.now();
        if (gap > 0) await new Promise((r) => setTimeout(r, gap));
      }
    }),
  );
  return { answers, unheld, pulled, failures };
}

/** Hello world as fast as TILLS connections take it, one request in flight on each. */
async function helloWorldRate(): Promise<number> {
  const hello = await startHelloWorld();
  const url = new URL(hello.url);
  let requests = 0;
  const end = performance.now() + STEP_MS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: TILLS }, async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      while (performance.now() < end) {
        await new Promise<void>((resolve, reject) =>
          http
            .get({ host: url.hostname, port: url.port, path: "/", agent }, (response) => {
              response.resume();
              response.on("end", () => resolve());
            })
            .on("error", reject),
        );
        requests++;
      }
      agent.destroy();
    }),
  );
  const rate = requests / ((performance.now() - started) / 1000);
  hello.child.kill("SIGTERM");
  return rate;
}

/**
 * One row of the scope table: the first `tills` of the paired tills (the busy ones first, by
 * turns across the locations), what the busy and the idle ones saw, and the peak RSS so far.
 */
interface TillCountResult {
  readonly tills: number;
  readonly busy: number;
  readonly step: StepResult;
  readonly held: HeldResult;
  readonly rss: number;
}

interface Measured {
  readonly name: string;
  readonly steps: readonly StepResult[];
  readonly counts: readonly TillCountResult[];
  readonly rss: number;
}

/** Each till pulls until it has everything (unmeasured), as a till in service always has. */
async function catchUp(tills: readonly Till[]): Promise<void> {
  await Promise.all(
    tills.map(async (till) => {
      for (let more = true; more; ) {
        const reply = await post(
          till.agent,
          till.url,
          "/api/v1/sync",
          { cursor: till.cursor, events: [] },
          till.token,
        );
        // A failed catch-up round is tried again; the cursor moves only on an answer.
        if (reply.status !== 200) continue;
        till.cursor = reply.json.cursor as string;
        more = reply.json.more === true;
      }
    }),
  );
}

async function measure(deployment: Deployment): Promise<Measured> {
  process.stderr.write(`${deployment.name}: pairing ${TILLS} tills…\n`);
  const tills = await pairTills(deployment);
  // Each location's cards have been used there: its first till stamps each of them once.
  await Promise.all(
    tills.slice(0, LOCATIONS).map(async (till) => {
      const events = deployment.cards
        .filter((_, i) => i % LOCATIONS === till.location)
        .map((cardId) => stampEvent(deployment, till, cardId));
      const reply = await post(
        till.agent,
        till.url,
        "/api/v1/sync",
        { cursor: null, events },
        till.token,
      );
      if (reply.status !== 200) throw new Error(`placing cards: ${JSON.stringify(reply.json)}`);
    }),
  );
  // A till in service is up to date: each first pulls the enrolments made before it paired.
  await catchUp(tills);
  const random = seededRandom(7);
  const steps: StepResult[] = [];
  for (const pause of PAUSES_MS) {
    process.stderr.write(`${deployment.name}: tills pausing ${pause} ms…\n`);
    steps.push(await runStep(deployment, tills, pause, random));
  }
  const peakRss = () =>
    Math.max(...deployment.servers.map((s) => peakRssMb(s.child.pid as number)));
  const counts: TillCountResult[] = [];
  for (const count of TILL_COUNTS) {
    process.stderr.write(`${deployment.name}: ${count} tills…\n`);
    const busy = Math.min(count, BUSY_PER_LOCATION * LOCATIONS);
    // Idle tills of a chain hold pulls all along: the ones this row adds have not pulled since
    // the stepped phase, so they catch up first (unmeasured) rather than count that backlog as
    // what an idle till pulls.
    await catchUp(tills.slice(busy, count));
    const [step, held] = await Promise.all([
      runStep(deployment, tills.slice(0, busy), SCOPE_PAUSE_MS, random),
      holdPulls(tills.slice(busy, count)),
    ]);
    counts.push({ tills: count, busy, step, held, rss: peakRss() });
  }
  for (const till of tills) till.agent.destroy();
  return { name: deployment.name, steps, counts, rss: peakRss() };
}

/** The most rounds/s a step reached with its p99 within the goal (0 if none did). */
function bestWithinGoal(result: Measured): number {
  return Math.max(
    0,
    ...result.steps
      .filter((s) => percentile(s.latencies, 99) <= P99_GOAL_MS)
      .map((s) => s.rounds / s.seconds),
  );
}

const root = mkdtempSync(join(tmpdir(), "stamp-bench-tills-"));
const cluster = startPostgresCluster();
try {
  buildBundle();
  const helloWorld = await helloWorldRate();
  const results: Measured[] = [];
  const plans: [string, number, string | null][] = [
    ["SQLite", 1, null],
    ["PostgreSQL, 1 instance", 1, await createDatabase(cluster, "tills_one")],
    ["PostgreSQL, 2 instances", 2, await createDatabase(cluster, "tills_two")],
  ];
  for (const [name, instances, url] of plans) {
    const deployment = await deploy(name.replace(/\W+/g, "-"), root, instances, url);
    try {
      results.push({ ...(await measure(deployment)), name });
    } finally {
      await deployment.close();
    }
  }
  for (const result of results)
    printTable(
      `Many tills, ${result.name}: ${TILLS.toLocaleString("en-US")} tills each on its own connection, rounds of 0–3 stamps + a pull, ${STEP_MS / 1000} s per step`,
      result.steps.map((s) => ({
        "pause per till, ms": whole(s.pauseMs),
        "offered rounds/s": whole(TILLS / (s.pauseMs / 1000)),
        "rounds/s": whole(s.rounds / s.seconds),
        "p50 ms": percentile(s.latencies, 50).toFixed(1),
        "p99 ms": percentile(s.latencies, 99).toFixed(1),
        "pulled events/s": whole(s.pulled / s.seconds),
        "failed rounds": s.failures,
      })),
    );
  for (const result of results)
    printTable(
      `Many tills by count, ${result.name}: tills across ${LOCATIONS} locations in their location's sync scope; ${BUSY_PER_LOCATION} busy tills per location (rounds of 0–3 stamps + a pull, ${SCOPE_PAUSE_MS} ms mean pause), every other till idle on held pulls (${MAX_PULL_WAIT_SECONDS} s, at most 1/s); ${STEP_MS / 1000} s each (hello world: ${whole(helloWorld)} req/s)`,
      result.counts.map(({ tills, busy, step, held, rss }) => {
        const p99 = percentile(step.latencies, 99);
        return {
          tills: whole(tills),
          "busy / idle": `${busy} / ${tills - busy}`,
          "rounds/s": whole(step.rounds / step.seconds),
          "p50 ms": percentile(step.latencies, 50).toFixed(1),
          "p99 ms": `${p99.toFixed(1)} ${p99 <= P99_GOAL_MS ? "✅" : "❌"}`,
          "held pulls answered/s": whole(held.answers / step.seconds),
          "pulled events/s": whole((step.pulled + held.pulled) / step.seconds),
          "pulled per busy round": (step.pulled / Math.max(1, step.rounds)).toFixed(2),
          "pulled per held answer": (held.pulled / Math.max(1, held.answers)).toFixed(2),
          "failed (not held)": `${step.failures + held.failures} (${held.unheld})`,
          "peak RSS, MB": `${whole(rss)} ${rss <= 250 ? "✅" : "❌"}`,
        };
      }),
    );
  const one = results[1] ? bestWithinGoal(results[1]) : 0;
  printTable(
    `Many tills, summary: best rounds/s with p99 ≤ ${P99_GOAL_MS} ms, next to Hono hello world (${whole(helloWorld)} req/s over ${TILLS.toLocaleString("en-US")} connections, same client)`,
    results.map((r) => {
      const best = bestWithinGoal(r);
      const share = best / helloWorld;
      return {
        deployment: r.name,
        "rounds/s at p99 ≤ 100 ms": whole(best),
        "share of hello world": `${(share * 100).toFixed(1)}% ${share >= 0.2 ? "✅" : "❌"} (goal ≥ 20%)`,
        "vs one PostgreSQL instance":
          r.name === "PostgreSQL, 2 instances" && one > 0
            ? `${(best / one).toFixed(2)}× ${best / one >= 1.6 ? "✅" : "❌"} (goal ≥ 1.6×)`
            : "",
        "peak RSS per instance, MB": `${whole(r.rss)} ${r.rss <= 250 ? "✅" : "❌"} (goal ≤ 250)`,
      };
    }),
  );
} finally {
  cluster.stop();
  rmSync(root, { recursive: true, force: true });
}
