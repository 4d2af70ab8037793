// A till's IndexedDB over a year of stamping, with and without folding its log behind snapshots
// (issue 16): `tsx bench/log-size.ts` (BENCH_LOG_DAYS, default 365; BENCH_LOG_PRUNE_DAYS, days
// between prunes, default 7 — the app prunes every 6 hours of syncing, but fake-indexeddb makes a
// daily prune over a year take an hour; a prune folds what daily ones would have, as what is
// settled only grows, and the checkpoints are pruned on the day). Node with fake-indexeddb and
// the kiosk's own storage and prune; sizes are the rows' JSON bytes (what the browser stores,
// before its own overhead). The till's sync is modelled by what it writes: its own events in the
// outbox and log until an answer places them at the log's head, other tills' events pulled.
import "../src/testing/fake-idb";
import { seededRandom } from "@stamp/core/testing";
import { OWN_KEPT_MS } from "../src/app/log-upkeep";
import { openStampDb, type StampDb } from "../src/storage/db";
import { pruneLog } from "../src/storage/log-prune";
import { place } from "../src/storage/placements";
import {
  CARDS,
  DAY_MS,
  DEVICE,
  dayOfStamps,
  OTHERS_PER_DAY,
  OWN_PER_DAY,
  program,
  SYNCS_PER_DAY,
  syncChunks,
  T0,
} from "./stamp-year";

const DAYS = Number(process.env.BENCH_LOG_DAYS ?? 365);
const PRUNE_EVERY_DAYS = Number(process.env.BENCH_LOG_PRUNE_DAYS ?? 7);
const CHECKPOINTS = [7, 30, 90, 365].filter((d) => d <= DAYS);

interface Sizes {
  readonly rows: Record<string, number>;
  readonly bytes: number;
}

async function measure(db: StampDb): Promise<Sizes> {
  const rows: Record<string, number> = {};
  let bytes = 0;
  for (const table of [db.log, db.placements, db.snapshots, db.outbox, db.meta]) {
    const all = await table.toArray();
    rows[table.name] = all.length;
    for (const row of all) bytes += JSON.stringify(row).length;
  }
  return { rows, bytes };
}

async function simulate(prune: boolean): Promise<Map<number, Sizes & { pruneMs: number }>> {
  const db = openStampDb("relaxed", `log-size-${prune ? "pruned" : "kept"}`);
  const random = seededRandom(16);
  const results = new Map<number, Sizes & { pruneMs: number }>();
  let position = 0;
  let pruneMs = 0;
  for (let day = 0; day < DAYS; day++) {
    for (const chunk of syncChunks(dayOfStamps(day, random))) {
      const own = chunk.filter((e) => e.deviceId === DEVICE);
      // Made here: outbox + log; then a sync sends them and pulls the others' up to the head.
      await db.transaction("rw", [db.log, db.outbox], () =>
        Promise.all([db.log.bulkAdd(own), db.outbox.bulkAdd(own)]),
      );
      position += chunk.length;
      await db.transaction("rw", [db.log, db.outbox, db.placements, db.meta], () =>
        Promise.all([
          db.outbox.bulkDelete(own.map((e) => e.id)),
          place(db, position, own),
          db.log.bulkPut(chunk.filter((e) => e.deviceId !== DEVICE)),
          db.meta.put({ key: "cursor", value: `p${position}-l` }),
          db.meta.put({ key: "head", value: position }),
        ]),
      );
    }
    if (prune && ((day + 1) % PRUNE_EVERY_DAYS === 0 || CHECKPOINTS.includes(day + 1))) {
      const started = performance.now();
      const now = T0 + (day + 1) * DAY_MS;
      await pruneLog(db, () => program, { deviceId: DEVICE, ownKeptSince: now - OWN_KEPT_MS });
      pruneMs = performance.now() - started;
    }
    if (CHECKPOINTS.includes(day + 1)) results.set(day + 1, { ...(await measure(db)), pruneMs });
    if ((day + 1) % 30 === 0)
      process.stderr.write(`bench: ${prune ? "pruned" : "kept"} day ${day + 1}\n`);
  }
  db.close();
  return results;
}

const kept = await simulate(false);
const pruned = await simulate(true);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
const lines = [
  `### A till's IndexedDB after N days: ${OWN_PER_DAY} own + ${OTHERS_PER_DAY} pulled stamps a day on ${CARDS.toLocaleString("en")} cards, ${SYNCS_PER_DAY} syncs a day; pruned every ${PRUNE_EVERY_DAYS} day(s) (own events kept ${OWN_KEPT_MS / DAY_MS} days, 8 newest a card)`,
  "| days | events made | log rows (kept / pruned) | placement rows (kept / pruned) | snapshot rows (kept / pruned) | JSON MB (kept / pruned) | last prune, ms (fake-indexeddb) |",
  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...CHECKPOINTS.map((days) => {
    const a = kept.get(days) as Sizes;
    const b = pruned.get(days) as Sizes & { pruneMs: number };
    return `| ${days} | ${(days * (OWN_PER_DAY + OTHERS_PER_DAY)).toLocaleString("en")} | ${a.rows.log?.toLocaleString("en")} / ${b.rows.log?.toLocaleString("en")} | ${a.rows.placements?.toLocaleString("en")} / ${b.rows.placements?.toLocaleString("en")} | ${a.rows.snapshots} / ${b.rows.snapshots?.toLocaleString("en")} | ${mb(a.bytes)} / ${mb(b.bytes)} | ${b.pruneMs.toFixed(0)} |`;
  }),
];
process.stdout.write(`${lines.join("\n")}\n`);
