import { openStampDb, type StampDb } from "../storage/db";
import { stampEvent, T0 } from "./fixtures";

let databases = 0;

/**
 * What is asked of `db`'s outbox from when it next opens (Dexie takes middleware as it opens),
 * counted where Dexie hands requests to IndexedDB: its reads (queries), and its deletes (keys one
 * by one, a `bulkDelete` of n counting n; ranges one each).
 */
export function countOutboxRequests(db: StampDb) {
  let reads = 0;
  const deletes = { keys: 0, ranges: 0 };
  db.use({
    stack: "dbcore",
    name: "count-outbox-requests",
    create: (core) => ({
      ...core,
      table: (tableName) => {
        const table = core.table(tableName);
        if (tableName !== "outbox") return table;
        return {
          ...table,
          query: (request) => {
            reads += 1;
            return table.query(request);
          },
          mutate: (request) => {
            if (request.type === "delete") deletes.keys += request.keys.length;
            if (request.type === "deleteRange") deletes.ranges += 1;
            return table.mutate(request);
          },
        };
      },
    }),
  });
  return { deletes, reads: () => reads };
}

/** A till's database (named after `name`) with `count` events queued in its outbox, counted. */
export async function queuedOutbox(name: string, count: number) {
  databases += 1;
  const db = openStampDb("relaxed", `${name}-${databases}`);
  const requests = countOutboxRequests(db);
  const events = Array.from({ length: count }, (_, i) => stampEvent(T0 + i));
  await db.outbox.bulkAdd(events);
  return { db, ids: events.map((e) => e.id), ...requests };
}
