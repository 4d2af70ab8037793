/**
 * Ingest benchmark (issue 3): 100k stamp events pushed as batches of 500 over HTTP on loopback to a
 * real server process, the bundle `npm start` runs (validated, stored, card state updated, a page
 * pulled back), next to the raw
 * better-sqlite3 rate for the same rows: prepared INSERT OR IGNORE into the same schema (same
 * indexes, same pragmas), 500 rows per transaction. Two shapes of traffic:
 * - one till at a time: four tills take turns, one request in flight, all stamping the same cards;
 * - four tills at once: each sends its next batch as soon as its last was answered, as tills
 *   coming back online together do; each stamps its own shop's customers, so no till's events
 *   arrive late for another's cards (late events are refolded: a different, rarer path).
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  canonicalJson,
  createClock,
  type HlcClock,
  nodeIdForDevice,
  parseEvent,
  type StampEvent,
  tick,
} from "@stamp/core";
import { seededRandom } from "@stamp/core/testing";
import { v7 as uuidv7 } from "uuid";
import { percentile, printTable } from "../../../scripts/bench-table";
import { createApiKey } from "../src/api-keys/api-key";
import { enrollCard } from "../src/cards/enroll-card";
import { loadConfig } from "../src/config";
import { createPairingCode } from "../src/devices/create-pairing-code";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import { openDatabase } from "../src/storage/sqlite/open-database";
import { call } from "../test/fixtures";
import { buildBundle, STAMPD_BUNDLE, spawnServer } from "../test/spawn-server";
import { peakRssMb } from "./bench-support";

const EVENTS = 100_000;
const BATCH = 500;
const DEVICES = 4;
/** Cards each till stamps: all four share them one at a time, each has its own at once. */
const CARDS_PER_POOL = 1_000;

interface Scenario {
  readonly name: string;
  /** Tills with a request in flight at the same time. */
  readonly concurrent: boolean;
}

const SCENARIOS: readonly Scenario[] = [
  { name: "one till at a time", concurrent: false },
  { name: "four tills at once", concurrent: true },
];

async function setUp(dataDir: string, cardCount: number) {
  const config = { ...loadConfig({}), dataDir };
  const services = await openServices(config, createLogger("warn"), "http://localhost");
  const merchant = await createMerchant(services, "Bench Cafe");
  const key = await createApiKey(services, merchant.merchantId, "bench");
  if (!key.ok) throw new Error(key.reason);
  const cards: string[] = [];
  for (let i = 0; i < cardCount; i++) {
    const answer = await enrollCard(services, {
      merchantId: merchant.merchantId,
      programId: merchant.programId,
      source: "api",
    });
    if (!("kind" in answer) || answer.kind !== "answer") throw new Error("enrolment failed");
    cards.push(JSON.parse(answer.response.body).cardId);
  }
  const codes: string[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const created = await createPairingCode(services, merchant);
    if (!created.ok) throw new Error(created.reason);
    codes.push(created.code);
  }
  await services.storage.close();
  return { merchant, key: key.key, cards, codes };
}

function makeEvents(
  devices: readonly { deviceId: string }[],
  merchant: { merchantId: string; programId: string },
  cardsOf: (device: number) => readonly string[],
) {
  const random = seededRandom(42);
  const clocks: HlcClock[] = devices.map((d) => createClock(nodeIdForDevice(d.deviceId)));
  // After the cards' enrolment, one millisecond apart: in order for every card, as a till's queue is.
  const t0 = Date.now();
  const batches: { device: number; events: StampEvent[] }[] = [];
  for (let b = 0; b < EVENTS / BATCH; b++) {
    const device = b % DEVICES;
    const cards = cardsOf(device);
    const events: StampEvent[] = [];
    for (let i = 0; i < BATCH; i++) {
      const at = t0 + b * BATCH + i;
      const next = tick(clocks[device] as HlcClock, at);
      clocks[device] = next.clock;
      const parsed = parseEvent({
        id: uuidv7({ msecs: at }),
        v: 1,
        type: "stamps.added",
        hlc: next.hlc,
        deviceId: (devices[device] as { deviceId: string }).deviceId,
        merchantId: merchant.merchantId,
        programId: merchant.programId,
        cardId: cards[Math.floor(random() * cards.length)] as string,
        count: 1,
        channel: "staff",
      });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      events.push(parsed.value);
    }
    batches.push({ device, events });
  }
  return batches;
}

async function benchServer(dataDir: string, scenario: Scenario) {
  const pools = scenario.concurrent ? DEVICES : 1;
  const setup = await setUp(dataDir, pools * CARDS_PER_POOL);
  const server = await spawnServer(dataDir, {}, STAMPD_BUNDLE);
  try {
    const devices: { deviceId: string; token: string; cursor: string | null }[] = [];
    for (const code of setup.codes) {
      const reply = await call(server, "POST", "/api/v1/devices/pair", {
        body: { code, name: "Bench till", mode: "staff" },
      });
      devices.push({ deviceId: reply.json.deviceId, token: reply.json.token, cursor: null });
    }
    const pool = (device: number) =>
      scenario.concurrent
        ? setup.cards.slice(device * CARDS_PER_POOL, (device + 1) * CARDS_PER_POOL)
        : setup.cards;
    const batches = makeEvents(devices, setup.merchant, pool);
    const latencies: number[] = [];
    const send = async (batch: (typeof batches)[number]) => {
      const device = devices[batch.device] as (typeof devices)[number];
      const t = performance.now();
      const reply = await call(server, "POST", "/api/v1/sync", {
        token: device.token,
        body: { cursor: device.cursor, events: batch.events },
      });
      latencies.push(performance.now() - t);
      if (reply.status !== 200 || reply.json.accepted.length !== BATCH)
        throw new Error(`batch refused: ${reply.status} ${reply.text.slice(0, 300)}`);
      device.cursor = reply.json.cursor;
    };
    const started = performance.now();
    if (scenario.concurrent)
      await Promise.all(
        devices.map(async (_, d) => {
          for (const batch of batches) if (batch.device === d) await send(batch);
        }),
      );
    else for (const batch of batches) await send(batch);
    const seconds = (performance.now() - started) / 1000;
    const rss = peakRssMb(server.child.pid as number);
    await server.stop();
    // Every stamp landed on its card: the materialized states add up to the events sent.
    const db = openDatabase(join(dataDir, "stamp.db")).$client;
    const stamped = db
      .prepare<[], { n: number }>(
        "SELECT sum(json_extract(state, '$.lifetimeStamps')) AS n FROM cards",
      )
      .get()?.n;
    db.close();
    if (stamped !== EVENTS) throw new Error(`the cards hold ${stamped} stamps, not ${EVENTS}`);
    return {
      eventsPerSecond: EVENTS / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      rss,
      batches,
      merchant: setup.merchant,
      cards: setup.cards,
      devices,
    };
  } finally {
    await server.stop();
  }
}

function benchRaw(file: string, run: Awaited<ReturnType<typeof benchServer>>) {
  const db = openDatabase(file).$client;
  const now = Date.now();
  const { merchant } = run;
  // The parent rows the foreign keys point at, as the server has them.
  db.prepare("INSERT INTO merchants (id, name, created_at) VALUES (?, ?, ?)").run(
    merchant.merchantId,
    "Bench Cafe",
    now,
  );
  db.prepare(
    "INSERT INTO programs (id, merchant_id, slug, version, body, created_at, updated_at) VALUES (?, ?, 'bench', 1, '{}', ?, ?)",
  ).run(merchant.programId, merchant.merchantId, now, now);
  const device = db.prepare(
    "INSERT INTO devices (id, merchant_id, location_id, kind, name, created_at) VALUES (?, ?, NULL, 'client', 'Bench till', ?)",
  );
  for (const d of run.devices) device.run(d.deviceId, merchant.merchantId, now);
  const card = db.prepare(
    "INSERT INTO cards (id, merchant_id, program_id, code, created_at, state, stamps, cycles, conflicts, updated_at) VALUES (?, ?, ?, '', ?, '{}', 0, 0, 0, ?)",
  );
  for (const c of run.cards) card.run(c, merchant.merchantId, merchant.programId, now, now);
  const insert = db.prepare(
    "INSERT OR IGNORE INTO events (id, merchant_id, card_id, device_id, hlc, type, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const rows = run.batches.map((b) =>
    b.events.map(
      (e) =>
        [e.id, e.merchantId, e.cardId, e.deviceId, e.hlc, e.type, canonicalJson(e), now] as const,
    ),
  );
  const write = db.transaction((batch: (typeof rows)[number]) => {
    for (const row of batch) insert.run(...row);
  });
  const started = performance.now();
  for (const batch of rows) write(batch);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { eventsPerSecond: EVENTS / seconds };
}

const dataDir = mkdtempSync(join(tmpdir(), "stamp-bench-"));
try {
  buildBundle();
  const results: {
    scenario: Scenario;
    server: Awaited<ReturnType<typeof benchServer>>;
    raw: { eventsPerSecond: number };
    ratio: number;
  }[] = [];
  for (const [i, scenario] of SCENARIOS.entries()) {
    process.stderr.write(`${scenario.name}: enrolling cards, then ${EVENTS} events…\n`);
    const server = await benchServer(join(dataDir, `server-${i}`), scenario);
    const raw = benchRaw(join(dataDir, `raw-${i}.db`), server);
    results.push({ scenario, server, raw, ratio: server.eventsPerSecond / raw.eventsPerSecond });
  }
  const column = (pick: (r: (typeof results)[number]) => string) =>
    Object.fromEntries(results.map((r) => [r.scenario.name, pick(r)]));
  const fmt = (n: number) => `${Math.round(n).toLocaleString("en-US")}`;
  printTable(
    `Ingest: ${fmt(EVENTS)} stamps.added events in batches of ${BATCH} from ${DEVICES} tills (each keeps its pull cursor), WAL + synchronous=FULL in both`,
    [
      {
        measure: "server over HTTP (validate, store, card state, pull page), events/s",
        ...column((r) => fmt(r.server.eventsPerSecond)),
        goal: "",
      },
      {
        measure: "raw better-sqlite3 INSERT OR IGNORE of the same rows, 500/tx, events/s",
        ...column((r) => fmt(r.raw.eventsPerSecond)),
        goal: "",
      },
      {
        measure: "ratio server / raw",
        ...column((r) => `${(r.ratio * 100).toFixed(0)}% ${r.ratio >= 0.5 ? "✅" : "❌"}`),
        goal: "≥ 50%",
      },
      {
        measure: "one 500-event batch, p50 ms",
        ...column((r) => r.server.p50.toFixed(1)),
        goal: "",
      },
      {
        measure: "one 500-event batch, p99 ms",
        ...column((r) => r.server.p99.toFixed(1)),
        goal: "",
      },
      {
        measure: "server peak RSS (VmHWM), MB",
        ...column((r) => `${r.server.rss.toFixed(0)} ${r.server.rss <= 250 ? "✅" : "❌"}`),
        goal: "≤ 250",
      },
    ],
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
