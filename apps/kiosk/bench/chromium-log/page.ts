// The page of bench/log-size-chromium.ts: a year of a till's log written through the kiosk's own
// storage code in Chromium — stamps by `writeEvents` on the screens' connection ("strict"), sync
// answers stored by `syncOnce` on the sync's ("relaxed"), folds by `pruneLog` — driven from Node.
import { hlcMillis, type StampEvent } from "@stamp/core";
import { seededRandom } from "@stamp/core/testing";
import { DeviceClock } from "../../src/app/device-clock";
import { OWN_KEPT_MS } from "../../src/app/log-upkeep";
import { openStampDb, type StampDb } from "../../src/storage/db";
import { loadClock, writeEvents } from "../../src/storage/event-writer";
import { pruneLog } from "../../src/storage/log-prune";
import { syncOnce } from "../../src/sync/sync-engine";
import {
  DAY_MS,
  DEVICE,
  dayOfStamps,
  MERCHANT,
  OTHER_TILL,
  program,
  syncChunks,
  T0,
} from "../stamp-year";

export interface LogBench {
  /** Stamps and syncs days `from` to `to` (exclusive), as a till does. */
  days(from: number, to: number): Promise<void>;
  /** Folds the log as the app does after a sync on day `day`; how long it took. */
  fold(day: number): Promise<{ ms: number; folded: number; dropped: number }>;
  /** `navigator.storage.estimate()`: the origin's usage, and IndexedDB's part where Chromium says. */
  usage(): Promise<{ usage: number; indexedDB: number | null }>;
  rows(): Promise<Record<string, number>>;
  /**
   * `times` pulled pages of `PAGE_EVENTS` new events, each stored in its own transaction on the
   * sync's connection as an answer stores them, alternating with a stamp written by `writeEvents`
   * on the screens' connection: each write's duration, median (ms).
   */
  writes(day: number, times: number): Promise<{ pageMs: number; stampMs: number }>;
}

/** Events of a pulled page: the server's page size for a till's answer. */
const PAGE_EVENTS = 25;

const screens: StampDb = openStampDb("strict");
const sync: StampDb = openStampDb("relaxed");
const clock = new DeviceClock(await loadClock(screens, DEVICE));
const random = seededRandom(16);
const author = { deviceId: DEVICE, merchantId: MERCHANT };
let position = 0;

const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)] ?? 0;

const ok = (body: unknown) => ({ kind: "ok" as const, status: 200, body });

async function syncChunk(chunk: readonly StampEvent[]): Promise<void> {
  const nowMs = Math.max(...chunk.map((e) => hlcMillis(e.hlc)));
  const own = chunk.filter((e) => e.deviceId === DEVICE);
  if (own.length > 0)
    await writeEvents(
      screens,
      author,
      own.map((e) => ({
        type: "stamps.added",
        programId: program.id,
        cardId: e.cardId,
        count: 1,
        channel: "staff",
      })),
      clock,
      nowMs,
    );
  const pulled = chunk.filter((e) => e.deviceId !== DEVICE);
  await syncOnce({
    db: sync,
    durable: (operation) => operation(),
    withRoom: (write) => write(),
    deviceId: DEVICE,
    wait: null,
    onPulled: (events) => {
      const newest = events.reduce((max, e) => (e.hlc > max ? e.hlc : max), "");
      if (newest !== "") clock.observe(newest, nowMs);
    },
    onCards: () => {},
    onRejected: () => {},
    now: () => nowMs,
    post: async (request) => {
      position += request.events.length + pulled.length;
      return ok({
        accepted: request.events.map((e) => e.id),
        duplicates: [],
        rejected: [],
        events: pulled,
        cards: [],
        cursor: `p${position}-l`,
        more: false,
        serverTime: new Date(nowMs).toISOString(),
      });
    },
  });
}

const bench: LogBench = {
  async days(from, to) {
    for (let day = from; day < to; day++)
      for (const chunk of syncChunks(dayOfStamps(day, random))) await syncChunk(chunk);
  },
  async fold(day) {
    const started = performance.now();
    const now = T0 + (day + 1) * DAY_MS;
    const result = await pruneLog(sync, () => program, {
      deviceId: DEVICE,
      ownKeptSince: now - OWN_KEPT_MS,
    });
    return { ms: performance.now() - started, ...result };
  },
  async usage() {
    const estimate = (await navigator.storage.estimate()) as StorageEstimate & {
      usageDetails?: { indexedDB?: number };
    };
    return { usage: estimate.usage ?? 0, indexedDB: estimate.usageDetails?.indexedDB ?? null };
  },
  async writes(day, times) {
    const pageMs: number[] = [];
    const stampMs: number[] = [];
    for (let i = 0; i < times; i++) {
      const page = dayOfStamps(day, random)
        .filter((e) => e.deviceId === OTHER_TILL)
        .slice(0, PAGE_EVENTS);
      const nowMs = T0 + (day + 1) * DAY_MS + i * 60_000;
      position += PAGE_EVENTS;
      let started = performance.now();
      await sync.transaction("rw", [sync.log, sync.meta], () =>
        Promise.all([
          sync.log.bulkPut(page),
          sync.meta.put({ key: "cursor", value: `p${position}-l` }),
        ]),
      );
      pageMs.push(performance.now() - started);
      const draft = {
        type: "stamps.added" as const,
        programId: program.id,
        cardId: page[0]?.cardId as string,
        count: 1,
        channel: "staff" as const,
      };
      started = performance.now();
      await writeEvents(screens, author, [draft], clock, nowMs);
      stampMs.push(performance.now() - started);
    }
    return { pageMs: median(pageMs), stampMs: median(stampMs) };
  },
  async rows() {
    const rows: Record<string, number> = {};
    for (const table of [sync.log, sync.placements, sync.snapshots, sync.outbox])
      rows[table.name] = await table.count();
    return rows;
  },
};

(window as unknown as { logBench: LogBench }).logBench = bench;
