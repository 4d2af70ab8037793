/**
 * Late-event benchmark (issue 13 §4): a card with 10,000 events, then single stamps appended to it
 * one batch at a time through the store, as a sync round or a POS stamp does: in order (after the
 * card's newest event), late into the middle of its history, and late near its start (a till that
 * was offline since then). A late stamp is folded from the card's newest snapshot before it
 * (stamp-core SPEC C13) instead of from the card's whole history. On SQLite and on PostgreSQL.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  canonicalJson,
  formatHlc,
  nodeIdForDevice,
  parseEvent,
  type StampEvent,
} from "@stamp/core";
import { COMPACT_CARDS_PROTOCOL, cardEventsAnswerJson } from "@stamp/wire-protocol";
import { v7 as uuidv7 } from "uuid";
import { percentile, printTable, type Row } from "../../../scripts/bench-table";
import { enrollCard } from "../src/cards/enroll-card";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import type { Services } from "../src/services";
import { admitEvent } from "../src/sync/admission";
import { compactCardBody } from "../src/sync/compact-card-body";
import { startPostgresCluster } from "../test/postgres-cluster";
import { createDatabase, databaseSettings } from "./bench-support";

const HISTORY = Number(process.env.BENCH_HISTORY ?? 10_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const MINUTE = 60_000;
/**
 * The card's history: one stamp a minute from here (in the past, so nothing is ahead of now). The
 * services' clock stands here too, so the card's enrolment sorts before its history: enrolled "now",
 * every stamp of the history — and every "in order" stamp — would sort before it, and be late.
 */
const START = Date.UTC(2026, 0, 1);

interface Target {
  readonly merchantId: string;
  readonly programId: string;
  readonly cardId: string;
  readonly deviceId: string;
}

/** A staff stamp dated `ms` (the bench stamps under the merchant's server device). */
function stampAt(target: Target, ms: number): StampEvent {
  const parsed = parseEvent({
    id: uuidv7({ msecs: ms }),
    v: 1,
    type: "stamps.added",
    hlc: formatHlc({ millis: ms, counter: 0, node: nodeIdForDevice(target.deviceId) }),
    deviceId: target.deviceId,
    merchantId: target.merchantId,
    programId: target.programId,
    cardId: target.cardId,
    count: 1,
    channel: "staff",
    programVersion: 1,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

async function append(services: Services, target: Target, events: StampEvent[]): Promise<void> {
  const outcomes = await services.store.appendEvents({
    merchantId: target.merchantId,
    events,
    admit: admitEvent,
    now: Date.now(),
  });
  const refused = outcomes.find((o) => o.status !== "accepted");
  if (refused) throw new Error(`not accepted: ${JSON.stringify(refused)}`);
}

/** A merchant with one card holding HISTORY stamps, one a minute. */
async function cardWithHistory(services: Services): Promise<Target> {
  const merchant = await createMerchant(services, "Bench Cafe");
  const answer = await enrollCard(services, {
    merchantId: merchant.merchantId,
    programId: merchant.programId,
    source: "api",
  });
  if (!("kind" in answer) || answer.kind !== "answer") throw new Error("enrolment failed");
  const target = {
    ...merchant,
    cardId: JSON.parse(answer.response.body).cardId as string,
    deviceId: (await services.store.getServerDevice(merchant.merchantId)).id,
  };
  for (let from = 0; from < HISTORY; from += 500) {
    const batch: StampEvent[] = [];
    for (let i = from; i < Math.min(HISTORY, from + 500); i++)
      batch.push(stampAt(target, START + (i + 1) * MINUTE));
    await append(services, target, batch);
  }
  return target;
}

/** Milliseconds each of SAMPLES single-stamp appends took, the stamp at `at(i)`. */
async function timeAppends(services: Services, target: Target, at: (i: number) => number) {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const event = stampAt(target, at(i));
    const started = performance.now();
    await append(services, target, [event]);
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * What a till is sent of the card when it joins the till's scope or is fetched (SPEC CS1–CS4): the
 * whole history (protocol 4), or a snapshot and its tail (5) — also what a protocol-5 till pulls
 * for a late stamp: the card again, not the event. Built as the card fetch builds it.
 */
async function joinCost(services: Services, database: string, target: Target): Promise<Row[]> {
  const { store } = services;
  const builds: [string, () => Promise<string>][] = [
    [
      "4: whole history",
      async () => {
        const history = await store.cardHistory(target.merchantId, target.cardId);
        const events = history.map((logged) => canonicalJson(logged.event));
        return cardEventsAnswerJson({ cardId: target.cardId, events }, COMPACT_CARDS_PROTOCOL - 1);
      },
    ],
    [
      "5: snapshot + tail",
      async () => {
        const compact = await compactCardBody(store, target.merchantId, target.cardId);
        if (!compact) throw new Error("the card is there");
        return cardEventsAnswerJson({ compact }, COMPACT_CARDS_PROTOCOL);
      },
    ],
  ];
  const rows: Row[] = [];
  for (const [protocol, build] of builds) {
    const samples: number[] = [];
    let answer = "";
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      answer = await build();
      samples.push(performance.now() - started);
    }
    const body = JSON.parse(answer) as { events: unknown[]; snapshot?: unknown };
    rows.push({
      database,
      "till protocol: sent": protocol,
      "events sent": body.events.length,
      "snapshot KB": body.snapshot ? JSON.stringify(body.snapshot).length / 1024 : 0,
      "answer KB": answer.length / 1024,
      "build p50 ms": percentile(samples, 50),
    });
  }
  return rows;
}

async function measure(
  database: string,
  databaseUrl: string | null,
): Promise<{ readonly late: Row[]; readonly join: Row[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), "stamp-bench-late-"));
  const config = { ...loadConfig({}), dataDir, ...databaseSettings(databaseUrl).config };
  const services = await openServices(config, createLogger("warn"), "http://localhost", {
    now: () => START,
  });
  try {
    const target = await cardWithHistory(services);
    const end = START + HISTORY * MINUTE;
    /** The newest stamp once the in-order ones are in: a minute apart, after the warm-up's. */
    const newest = end + 60 * MINUTE + (SAMPLES - 1) * MINUTE;
    // Late stamps land between two stamps of the history (a minute apart), 100 ms from each other.
    // Only a stamp late within the snapshot interval is held to the goal (README "Late stamps
    // deep in a long history"): the deep ones move every later voucher.
    const cases: [string, (i: number) => number][] = [
      ["in order (after the newest)", (i) => end + 60 * MINUTE + i * MINUTE],
      // A till that was offline for a while: its stamp sorts before the card's newest 20 events.
      [
        "late within the snapshot interval: behind the newest 20 (goal ≤ 5×)",
        (i) => newest - 20 * MINUTE + 1_000 + i * 100,
      ],
      [
        "late, deep: middle of the history (no goal: moves ~half the vouchers)",
        (i) => START + (HISTORY / 2) * MINUTE + 1_000 + i * 100,
      ],
      [
        "late, deep: near the start, event 10 (no goal: moves every voucher)",
        (i) => START + 10 * MINUTE + 1_000 + i * 100,
      ],
    ];
    // Warm-up: the first appends pay for statement preparation and JIT, not for the history.
    await timeAppends(services, target, (i) => end + (i + 1) * 1_000);
    const rows: Row[] = [];
    let inOrderP50 = 0;
    let inOrderP99 = 0;
    for (const [name, at] of cases) {
      const samples = await timeAppends(services, target, at);
      const p50 = percentile(samples, 50);
      const p99 = percentile(samples, 99);
      if (name.startsWith("in order")) {
        inOrderP50 = p50;
        inOrderP99 = p99;
      }
      rows.push({
        database,
        stamp: name,
        "p50 ms": p50,
        "p99 ms": p99,
        "p50 × in order": p50 / inOrderP50,
        "p99 × in order": p99 / inOrderP99,
        goal: name.includes("goal") ? (p50 / inOrderP50 <= 5 ? "✅" : "❌") : "—",
      });
    }
    return { late: rows, join: await joinCost(services, database, target) };
  } finally {
    await services.storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const sqlite = await measure("SQLite", null);
const rows = [...sqlite.late];
const joins = [...sqlite.join];
const cluster = startPostgresCluster();
try {
  const postgres = await measure("PostgreSQL", await createDatabase(cluster, "bench_late"));
  rows.push(...postgres.late);
  joins.push(...postgres.join);
} finally {
  cluster.stop();
}
printTable(
  `Late events: single stamps appended to a card with ${HISTORY.toLocaleString("en-US")} events (${SAMPLES} each; goal ≤ 5× in order for a stamp late within the snapshot interval; deep ones are measured, not held to it — README "Late stamps deep in a long history")`,
  rows,
);
printTable(
  `A till joining or fetching that card (${(HISTORY + 5 * SAMPLES + 1).toLocaleString("en-US")} events): what it is sent — a whole history (protocol 4) or a snapshot and its tail (5, stamp-core SPEC CS1–CS4; a protocol-5 till pulls a late stamp as this too); 20 builds each`,
  joins,
);
