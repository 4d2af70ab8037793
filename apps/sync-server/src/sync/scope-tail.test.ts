import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPostgresDatabase } from "../../test/test-postgres";
import { DATABASES, TEST_SECRETS_KEY, type TestDatabaseKind } from "../../test/test-server";
import {
  append,
  EventMaker,
  newCard,
  newLocation,
  newMerchant,
  newTill,
  type TestMerchant,
  tillCard,
} from "../storage/contract/harness";
import { openPgStorage } from "../storage/pg/pg-storage";
import type { ScopeFeed } from "../storage/scope-changes";
import { openSqliteStorage } from "../storage/sqlite/sqlite-storage";
import type { Storage } from "../storage/storage";
import type { PullScope, Store } from "../storage/store";
import { type PageFreshness, ScopeTail, type ScopeTailLimits } from "./scope-tail";

/**
 * Two instances on one database (`b` serves the pulls; on SQLite, one process is both), and the
 * store reads `b` makes, counted.
 */
interface Instances {
  readonly a: Store;
  readonly b: Store;
  readonly feed: ScopeFeed;
  readonly reads: { viewAfter: number; eventsAfter: number };
  close(): Promise<void>;
}

async function instances(kind: TestDatabaseKind): Promise<Instances> {
  let a: Storage;
  let b: Storage;
  let drop: () => Promise<void>;
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "stamp-tail-"));
    a = openSqliteStorage(join(dir, "stamp.db"));
    b = a;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const database = await freshPostgresDatabase("migrated");
    a = await openPgStorage(database.url, { secretsKey: TEST_SECRETS_KEY });
    b = await openPgStorage(database.url, { secretsKey: TEST_SECRETS_KEY });
    drop = () => database.drop();
  }
  const reads = { viewAfter: 0, eventsAfter: 0 };
  // Counts what the tail asks of the store; every call goes to the real one.
  const counted = new Proxy(b.store, {
    get(target, key) {
      const member: unknown = Reflect.get(target, key);
      if ((key === "viewAfter" || key === "eventsAfter") && typeof member === "function")
        return (...args: unknown[]) => {
          reads[key]++;
          return member.apply(target, args);
        };
      return member;
    },
  });
  return {
    a: a.store,
    b: counted,
    feed: b.changes,
    reads,
    async close() {
      await a.close();
      if (b !== a) await b.close();
      await drop();
    },
  };
}

/** Resolves when `feed` next hears of the merchant: `b` knows of a write `a` committed. */
function heard(feed: ScopeFeed, merchantId: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = feed.subscribe((change) => {
      if (change.kind === "everything" || change.merchantId === merchantId) {
        stop();
        resolve();
      }
    });
  });
}

const here = (locationId: string): PullScope => ({ kind: "location", locationId });

describe.each(DATABASES)("the scope tail (%s)", (kind) => {
  let db: Instances;

  beforeAll(async () => {
    db = await instances(kind);
  });
  afterAll(() => db?.close());

  /** Appends through `store`, then waits until the tail's instance heard of it. */
  async function write<T>(merchant: TestMerchant, work: () => Promise<T>): Promise<T> {
    const told = heard(db.feed, merchant.merchantId);
    const done = await work();
    await told;
    return done;
  }

  it("gives the tills woken by one stamp their pages from one store read, and a pull at the head none", async () => {
    const tail = new ScopeTail(db.b, db.feed);
    const merchant = await newMerchant(db.a);
    const busy = await newTill(db.a, merchant);
    const idle = await Promise.all([1, 2, 3, 4, 5].map(() => newTill(db.a, merchant)));
    const card = await write(merchant, () => tillCard(db.a, merchant, busy));
    const scope = here(merchant.locationId);
    const pull = (till: EventMaker, cursor: number, fresh: PageFreshness) =>
      tail.page({ id: till.deviceId, merchantId: merchant.merchantId }, scope, cursor, 1000, fresh);
    const woke = { kind: "woken" } as const;
    const first = await pull(busy, 0, {
      kind: "asked",
      head: await db.a.maxSeq(merchant.merchantId),
    });
    const cursor = first.cursor;
    expect(first).toEqual(
      await db.b.eventsAfter(merchant.merchantId, busy.deviceId, scope, 0, 1000),
    );

    await write(merchant, () => append(db.a, merchant, [busy.stamp(card)]));
    const before = { ...db.reads };
    const woken = await Promise.all(idle.map((till) => pull(till, cursor, woke)));
    expect(db.reads).toEqual({ ...before, viewAfter: before.viewAfter + 1 });
    for (const [i, till] of idle.entries())
      expect(woken[i]).toEqual(
        await db.b.eventsAfter(merchant.merchantId, till.deviceId, scope, cursor, 1000),
      );
    const stamped = woken[0]?.cursor as number;
    expect(woken[0]?.rows).toHaveLength(1);

    // Nothing new since: at the head, and the busy till past its own stamp, from memory.
    const after = { ...db.reads };
    expect(await pull(idle[0] as EventMaker, stamped, woke)).toEqual({
      rows: [],
      cursor: stamped,
      more: false,
    });
    expect(await pull(busy, cursor, woke)).toEqual({ rows: [], cursor: stamped, more: false });
    // A till's own round that read the head before the stamp, or at it, is cut from memory too.
    const head = { kind: "asked", head: stamped } as const;
    expect(await pull(busy, stamped, head)).toEqual({ rows: [], cursor: stamped, more: false });
    expect(await pull(idle[1] as EventMaker, cursor, head)).toEqual(woken[1]);
    expect(db.reads).toEqual(after);
    tail.close();
  });

  it("hands the tills at one cursor one page object, and a till with its own events there, another cursor or another page size a page of its own", async () => {
    const tail = new ScopeTail(db.b, db.feed);
    const merchant = await newMerchant(db.a);
    const busy = await newTill(db.a, merchant);
    const idle = await Promise.all([1, 2, 3].map(() => newTill(db.a, merchant)));
    const card = await write(merchant, () => tillCard(db.a, merchant, busy));
    const scope = here(merchant.locationId);
    const woke = { kind: "woken" } as const;
    const pull = (till: EventMaker, cursor: number, limit = 1000) =>
      tail.page({ id: till.deviceId, merchantId: merchant.merchantId }, scope, cursor, limit, woke);
    const store = (till: EventMaker, cursor: number, limit = 1000) =>
      db.b.eventsAfter(merchant.merchantId, till.deviceId, scope, cursor, limit);
    const cursor = (await pull(busy, 0)).cursor;
    const other = idle[2] as EventMaker;
    await write(merchant, () => append(db.a, merchant, [other.stamp(card)]));
    await write(merchant, () => append(db.a, merchant, [busy.stamp(card)]));

    const [first, second] = [
      await pull(idle[0] as EventMaker, cursor),
      await pull(idle[1] as EventMaker, cursor),
    ];
    expect(second).toBe(first);
    expect(first).toEqual(await store(idle[0] as EventMaker, cursor));
    expect(first.rows).toHaveLength(2);
    // Each of these differs from the shared page: the store's own page, not the shared one.
    for (const [till, from, limit] of [
      [busy, cursor, 1000],
      [other, cursor, 1000],
      [idle[0], cursor, 1],
      [idle[0], cursor + 1, 1000],
    ] as const) {
      const page = await pull(till as EventMaker, from, limit);
      expect(page).toEqual(await store(till as EventMaker, from, limit));
      expect(page).not.toEqual(first);
    }
    tail.close();
  });

  it("reads again for a woken pull only when its own view changed: a stamp at another shop does not, a new card of no location does", async () => {
    const tail = new ScopeTail(db.b, db.feed);
    const merchant = await newMerchant(db.a);
    const south = await newLocation(db.a, merchant);
    const [north, idle, away] = [
      await newTill(db.a, merchant),
      await newTill(db.a, merchant),
      await newTill(db.a, merchant, south),
    ] as [EventMaker, EventMaker, EventMaker];
    const card = await write(merchant, () => tillCard(db.a, merchant, north));
    const elsewhere = await write(merchant, () => tillCard(db.a, merchant, away));
    const scope = here(merchant.locationId);
    const woke = { kind: "woken" } as const;
    const pull = (cursor: number) =>
      tail.page({ id: idle.deviceId, merchantId: merchant.merchantId }, scope, cursor, 1000, woke);
    const store = (cursor: number) =>
      db.b.eventsAfter(merchant.merchantId, idle.deviceId, scope, cursor, 1000);

    await write(merchant, () => append(db.a, merchant, [north.stamp(card)]));
    const woken = await pull(0);
    expect(woken).toEqual(await store(0));

    await write(merchant, () => append(db.a, merchant, [away.stamp(elsewhere)]));
    const before = { ...db.reads };
    expect(await pull(0)).toEqual(woken);
    expect(db.reads).toEqual(before);

    await write(merchant, () => newCard(db.a, merchant));
    const fresh = await pull(0);
    expect(db.reads).toEqual({ ...before, viewAfter: before.viewAfter + 1 });
    expect(fresh).toEqual(await store(0));
    expect(fresh.rows.length).toBeGreaterThan(woken.rows.length);
    tail.close();
  });

  it("moves a pull with nothing new to a cursor inside the kept span: its end when the log moved past it, into it when the span began after the view's head", async () => {
    const merchant = await newMerchant(db.a);
    const { merchantId } = merchant;
    const south = await newLocation(db.a, merchant);
    const [north, away] = [await newTill(db.a, merchant), await newTill(db.a, merchant, south)];
    await write(merchant, () => tillCard(db.a, merchant, north));
    const elsewhere = await write(merchant, () => tillCard(db.a, merchant, away));
    const scope = here(merchant.locationId);
    /** The north view's newest position and the log's head, as a round reads them. */
    const place = async () => {
      const { head, viewHeads } = await db.b.syncPlace(
        north.deviceId,
        merchantId,
        merchant.locationId,
      );
      return { head, view: viewHeads.location };
    };
    const stampElsewhere = () =>
      write(merchant, () => append(db.a, merchant, [away.stamp(elsewhere)]));
    const pull = (tail: ScopeTail, cursor: number, head: number) =>
      tail.page({ id: north.deviceId, merchantId }, scope, cursor, 1000, { kind: "asked", head });
    /** The page from `cursor`, and whether it read the store for it. */
    const pageFrom = async (tail: ScopeTail, cursor: number, head: number) => {
      const before = db.reads.viewAfter + db.reads.eventsAfter;
      const page = await pull(tail, cursor, head);
      return { page, read: db.reads.viewAfter + db.reads.eventsAfter > before };
    };

    const tail = new ScopeTail(db.b, db.feed);
    const first = await place();
    expect(first.view).toBeLessThan(first.head);
    // Nothing kept of the view: the pull reads its page.
    expect(tail.quietCursor(merchantId, scope, first.view, first.head)).toBeNull();
    const read = await pull(tail, 0, first.view);
    expect(read.cursor).toBe(first.head);

    // Other scopes' events move the log's head past the kept span's end: the view's head, or the
    // end, moves to the end, not to the log's head, and the next round's page costs no read.
    await stampElsewhere();
    const moved = await place();
    expect(moved).toEqual({ view: first.view, head: expect.any(Number) });
    expect(moved.head).toBeGreaterThan(first.head);
    for (const cursor of [first.view, first.head])
      expect(tail.quietCursor(merchantId, scope, cursor, moved.head)).toBe(first.head);
    expect(await pageFrom(tail, first.head, moved.view)).toEqual({
      page: { rows: [], cursor: first.head, more: false },
      read: false,
    });
    // The log's head would be past the span: that round reads (after whatever it committed).
    expect((await pageFrom(tail, moved.head, moved.view)).read).toBe(true);
    tail.close();

    // A tail first read from the log's head (another instance, or a tail dropped and read again)
    // begins after the view's head: a cursor left there would read the store, one moved goes in.
    const later = new ScopeTail(db.b, db.feed);
    await pull(later, moved.head, moved.view);
    await stampElsewhere();
    const after = await place();
    const quiet = later.quietCursor(merchantId, scope, after.view, after.head);
    expect(quiet).toBe(moved.head);
    expect((await pageFrom(later, quiet as number, after.view)).read).toBe(false);
    expect((await pageFrom(later, after.view, after.view)).read).toBe(true);
    // A cursor past the kept span's end is not covered: its round reads.
    expect(later.quietCursor(merchantId, scope, after.head, after.head)).toBeNull();
    later.close();
  });

  it("keeps no more than its bytes, dropping the scope pulled least recently", async () => {
    const limits: ScopeTailLimits = { bytes: 4_000, readRows: 100, keptRows: 100 };
    const tail = new ScopeTail(db.b, db.feed, limits);
    const merchant = await newMerchant(db.a);
    const south = await newLocation(db.a, merchant);
    const tills = [await newTill(db.a, merchant), await newTill(db.a, merchant, south)];
    for (const till of tills) {
      const card = await write(merchant, () => tillCard(db.a, merchant, till));
      await write(merchant, () => append(db.a, merchant, [till.stamp(card), till.stamp(card)]));
    }
    const reader = new EventMaker(merchant, (await newTill(db.a, merchant)).deviceId);
    const pull = (locationId: string) =>
      tail.page(
        { id: reader.deviceId, merchantId: merchant.merchantId },
        here(locationId),
        0,
        1000,
        { kind: "woken" },
      );
    await pull(merchant.locationId);
    const one = tail.bytes;
    expect(one).toBeGreaterThan(0);
    await pull(south);
    expect(tail.bytes).toBeLessThanOrEqual(limits.bytes);
    // The north view was dropped for the south one when both did not fit: read again.
    const reads = db.reads.viewAfter;
    await pull(one * 2 > limits.bytes ? merchant.locationId : south);
    expect(db.reads.viewAfter).toBe(reads + (one * 2 > limits.bytes ? 1 : 0));
    tail.close();
  });

  /**
   * Random appends by several tills (cards used at other locations, cards of no location, a
   * location joining the region) through both instances, and pulls of every scope from random
   * cursors with small pages and a small tail: each page through the tail is the store's own.
   */
  it("pages exactly as the store does", async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant("stamp" as const), till: fc.nat(), card: fc.nat() }),
      fc.record({ kind: fc.constant("enrol" as const), till: fc.nat() }),
      fc.record({ kind: fc.constant("online" as const) }),
      fc.record({ kind: fc.constant("join" as const), location: fc.nat() }),
      fc.record({
        kind: fc.constant("pull" as const),
        till: fc.nat(),
        scope: fc.nat(3),
        limit: fc.constantFrom(1, 2, 3, 1000),
        lane: fc.constantFrom("asked" as const, "woken" as const),
        back: fc.option(fc.nat(6)),
      }),
    );
    const limits = fc.record({
      bytes: fc.constantFrom(600, 5_000, 1_000_000),
      readRows: fc.constantFrom(2, 5, 1_000),
      keptRows: fc.constantFrom(3, 8, 2_000),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 5, maxLength: 40 }),
        limits,
        fc.boolean(),
        async (steps, tailLimits, viaA) => {
          const tail = new ScopeTail(db.b, db.feed, tailLimits);
          try {
            await run(tail, steps, viaA);
          } finally {
            tail.close();
          }
        },
      ),
      { numRuns: kind === "sqlite" ? 40 : 15 },
    );

    type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

    async function run(tail: ScopeTail, steps: readonly Step[], viaA: boolean) {
      const { a, b } = db;
      const merchant = await newMerchant(a);
      const locations = [merchant.locationId, await newLocation(a, merchant)];
      locations.push(await newLocation(a, merchant));
      const regionId = crypto.randomUUID();
      expect(
        await a.createRegion({
          id: regionId,
          merchantId: merchant.merchantId,
          name: "R",
          createdAt: 1,
        }),
      ).toBe(true);
      await write(merchant, () =>
        a.setLocationRegion(merchant.merchantId, locations[0] as string, regionId),
      );
      const tills: EventMaker[] = [];
      for (const at of [0, 0, 1, 2]) tills.push(await newTill(a, merchant, locations[at]));
      const cards = [await write(merchant, () => newCard(a, merchant))];
      const cursors = new Map<string, number>();
      // Alternating instances for writes, when `viaA`: the tail's instance hears the others late.
      let turn = 0;
      const writer = () => (viaA && turn++ % 2 === 0 ? a : b);
      for (const next of steps) {
        switch (next.kind) {
          case "stamp": {
            const till = tills[next.till % tills.length] as EventMaker;
            const card = cards[next.card % cards.length] as string;
            await write(merchant, () => append(writer(), merchant, [till.stamp(card)]));
            break;
          }
          case "enrol": {
            const till = tills[next.till % tills.length] as EventMaker;
            cards.push(await write(merchant, () => tillCard(writer(), merchant, till)));
            break;
          }
          case "online":
            cards.push(await write(merchant, () => newCard(writer(), merchant)));
            break;
          case "join": {
            const location = locations[next.location % locations.length] as string;
            const current = await a.getLocation(merchant.merchantId, location);
            if (current?.regionId === regionId) break;
            await write(merchant, () =>
              a.setLocationRegion(merchant.merchantId, location, regionId),
            );
            break;
          }
          case "pull": {
            const till = tills[next.till % tills.length] as EventMaker;
            const device = (await a.getDevice(till.deviceId)) as { locationId: string };
            const region = await a.getRegion(merchant.merchantId, regionId);
            const scopes: PullScope[] = [
              { kind: "merchant" },
              here(device.locationId),
              here(locations[(locations.indexOf(device.locationId) + 1) % 3] as string),
              { kind: "region", regionId, version: region?.version ?? 0 },
            ];
            const scope = scopes[next.scope] as PullScope;
            const key = `${till.deviceId} ${JSON.stringify(scope)}`;
            const cursor = Math.max(0, (cursors.get(key) ?? 0) - (next.back ?? 0));
            const asker = { id: till.deviceId, merchantId: merchant.merchantId };
            const fresh: PageFreshness =
              next.lane === "asked"
                ? { kind: "asked", head: await b.maxSeq(merchant.merchantId) }
                : { kind: "woken" };
            const page = await tail.page(asker, scope, cursor, next.limit, fresh);
            const read = (from: number) =>
              b.eventsAfter(merchant.merchantId, till.deviceId, scope, from, next.limit);
            const direct = await read(cursor);
            if (fresh.kind === "woken" && page.cursor < direct.cursor) {
              // Cut at the head of a read made after the view last changed (`PageFreshness`): the
              // log has moved on elsewhere since, and nothing of the view comes between.
              expect({ ...page, cursor: direct.cursor }).toEqual(direct);
              expect(await read(page.cursor)).toEqual({
                rows: [],
                cursor: direct.cursor,
                more: false,
              });
            } else expect(page).toEqual(direct);
            cursors.set(key, page.cursor);
            break;
          }
          default: {
            const unreachable: never = next;
            throw new Error(`unknown step ${JSON.stringify(unreachable)}`);
          }
        }
      }
    }
  }, 240_000);
});
