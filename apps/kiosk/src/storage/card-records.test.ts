import "../testing/fake-idb";
import type { StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { stampEvent, T0 } from "../testing/fixtures";
import { placeAt } from "../testing/placed";
import { recordsOf } from "./card-records";
import { openStampDb, type StampDb } from "./db";

const CARDS = 20;
const EVENTS_PER_CARD = 50;

const cardId = (i: number) => `c0000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

/** What each read transaction asked: log rows it got, and requests to the outbox. */
interface Asked {
  logRows: number;
  outbox: number;
}

/**
 * A till holding CARDS cards of EVENTS_PER_CARD events each, and what every transaction asked of
 * the log and the outbox, counted where Dexie hands requests to IndexedDB.
 */
async function till(name: string, events: "queued" | "stored") {
  const db = openStampDb("relaxed", name);
  const asked = new Map<unknown, Asked>();
  const of = (trans: unknown): Asked => {
    const known = asked.get(trans) ?? { logRows: 0, outbox: 0 };
    asked.set(trans, known);
    return known;
  };
  db.use({
    stack: "dbcore",
    name: "count-record-reads",
    create: (core) => ({
      ...core,
      table: (tableName) => {
        const table = core.table(tableName);
        if (tableName === "log")
          return {
            ...table,
            query: async (request) => {
              const result = await table.query(request);
              of(request.trans).logRows += result.result.length;
              return result;
            },
          };
        if (tableName !== "outbox") return table;
        return {
          ...table,
          query: (request) => {
            of(request.trans).outbox += 1;
            return table.query(request);
          },
          count: (request) => {
            of(request.trans).outbox += 1;
            return table.count(request);
          },
          get: (request) => {
            of(request.trans).outbox += 1;
            return table.get(request);
          },
          getMany: (request) => {
            of(request.trans).outbox += request.keys.length;
            return table.getMany(request);
          },
        };
      },
    }),
  });
  const all: StampEvent[] = [];
  for (let card = 0; card < CARDS; card++)
    for (let i = 0; i < EVENTS_PER_CARD; i++)
      all.push(stampEvent(T0 + card * EVENTS_PER_CARD + i, { cardId: cardId(card) }));
  await db.log.bulkAdd(all);
  if (events === "queued") await db.outbox.bulkAdd(all);
  else await placeAt(db, 1, all);
  return { db, asked: () => [...asked.values()] };
}

async function reread(db: StampDb) {
  const cardIds = Array.from({ length: CARDS }, (_, i) => cardId(i));
  const held: number[] = [];
  for await (const read of recordsOf(db, cardIds, () => 1)) held.push(read.record.held.length);
  return held;
}

describe("reading cards again after a pull stored them (the kiosk's reread)", () => {
  it("reads a page of cards per transaction, about 500 events each, one outbox request per queued event", async () => {
    const { db, asked } = await till("card-records-queued", "queued");
    expect(await reread(db)).toEqual(Array(CARDS).fill(EVENTS_PER_CARD));
    const reads = asked();
    // 1,000 events of 20 cards: a first page of one card, then ten cards (500 events), nine.
    expect(reads.map((r) => r.logRows)).toEqual([50, 500, 450]);
    for (const read of reads) expect(read.outbox).toBe(read.logRows);
  });

  it("asks the outbox nothing of events the server said it stored", async () => {
    const { db, asked } = await till("card-records-stored", "stored");
    expect(await reread(db)).toEqual(Array(CARDS).fill(EVENTS_PER_CARD));
    expect(asked().map((r) => r.outbox)).toEqual([0, 0, 0]);
  });
});
