import { randomUUID } from "node:crypto";
import { COMPACT_CARDS_PROTOCOL } from "@stamp/wire-protocol";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { enroll, type Merchant, TestDevice, twoShopServer } from "../../../test/fixtures";
import { markRequests, type Sent, sentDuring, statementsDuring } from "../../../test/pg-statements";
import type { TestServer } from "../../../test/test-server";

/**
 * An idle till's round, in its location's scope or its region's, when its view has nothing new
 * (whatever the merchant's log gained elsewhere) and its scope's tail (the instance's newest rows of
 * its view, `scope-tail.ts`) has read the view once: its device, the log's head, its location and
 * region, and its view's newest position, in one statement (`syncPlace`). They were three: the
 * device (`authenticate`), the place, and the view's rows up to the log's head whenever it moved.
 */
const IDLE = 1;
/**
 * A round that stamps one event: its place; the append's transaction (BEGIN, device-synced,
 * log-cards, log-programs, log-stored, webhook-endpoints-live, scope-memberships, scope-devices,
 * insight-lookups, insight-write, log-hand-out, COMMIT); its page is cut from the tail, read up to
 * the head it asked at.
 */
const STAMPING = 14;
/**
 * Its round trips: the place; the append's statements in two, those that need nothing the one
 * before returned sent together (pipelined; `PgTx.finish` sends the last with its COMMIT), a card
 * new to every scope too (its age comes with the card's held read); the tail's read of the new rows, or not.
 * They were three, and four for a new card (`scope-card-ages` on its own).
 */
const STAMPING_TRIPS = 4;
/**
 * A busy till's round (issue 13 §4): it pushes 0-3 stamps of cards in its view, one of them new to
 * every scope, while another till's stamp waits in its page. Its round trips one after another:
 * the place; the append's reads, with those its writes need (the cards' scopes, the
 * devices' places, webhooks, the dashboard's lookups: `PgEventLog.append`); its writes and the
 * hand-out with its COMMIT; the view's new rows (the tail); the page's compact facts. Each waits
 * its turn of the event loop that 1,000 held pulls keep busy. They were 7: the plan's reads after
 * it, the new card's age after them.
 */
const BUSY_TRIPS = 5;
/** The stamps of a bulk ingest's batch (bench `run.ts`), over 50 cards. */
const BATCH = 500;
/**
 * Its round trips: the place; the append's reads; its writes and hand-out; the tail, or not. They
 * were 6, as a busy round's.
 */
const BATCH_TRIPS = 4;

/** The hand-out's statement, of a batch that joins cards to scopes or not (`log-hand-out.ts`). */
const HAND_OUT = expect.stringMatching(/^log-hand-out(-joining)?$/);
/** A held pull a stamp wakes: its view's new rows (the tail), the page's compact cards (two). */
const WOKEN = 3;
/** Their round trips: the tail, then the cards' joins and positions together (`PgContext.read`). */
const WOKEN_TRIPS = 2;

/** Tills of one view a stamp wakes at once, each with a compact card (with a snapshot) to get. */
const WOKEN_TOGETHER = 6;

/**
 * How many statements a sync round sends to PostgreSQL (each one a socket write and a wait, the
 * cost of 1,000 tills on one database): an idle till's round, a round that stamps, and a held pull
 * that a stamp wakes. Bounds, so they cannot creep back.
 */
/** How many round trips statements took one after another. */
const trips = (sent: readonly Sent[]) => Math.max(0, ...sent.map((statement) => statement.trip));

describe("statements of a sync round (postgres)", () => {
  let server: TestServer;
  let key: string;
  let north: Merchant;
  let south: Merchant;
  let unmark: () => void;

  beforeAll(async () => {
    unmark = markRequests();
    ({ server, key, north, south } = await twoShopServer("postgres"));
    const { store } = server.services;
    const region = { id: randomUUID(), merchantId: north.merchantId, name: "Coast", createdAt: 1 };
    expect(await store.createRegion(region)).toBe(true);
    expect(await store.setLocationRegion(north.merchantId, south.locationId, region.id)).toBe(true);
    expect(await store.setSyncScope(north.merchantId, south.locationId, "region")).toBe(true);
  });
  afterAll(async () => {
    unmark();
    await server.close();
  });

  const pair = (at = north) => TestDevice.pair(server, at, "kiosk", COMPACT_CARDS_PROTOCOL);

  it(`costs ${IDLE} statement for an idle round, at most ${STAMPING} in ${STAMPING_TRIPS} round trips for a round that stamps`, async () => {
    const till = await pair();
    const regional = await pair(south);
    const { cardId } = await enroll(server, key, north.programId);
    const idleRound = (idle: TestDevice) => statementsDuring(() => idle.sync(), idle.token);
    for (const idle of [till, regional]) {
      await idle.pullAll();
      // A first pull of compact cards reads no view: the tail reads it at the next round.
      expect(await idleRound(idle)).toEqual(["sync-place", "view-tail-scope"]);
      expect(await idleRound(idle)).toHaveLength(IDLE);
    }
    const stamping = await sentDuring(() => till.sync([till.stamp(cardId)]), till.token);
    expect(stamping.length).toBeLessThanOrEqual(STAMPING);
    expect(trips(stamping)).toBeLessThanOrEqual(STAMPING_TRIPS);
    // The stamp is in the north shop's view, not in the south shop's region's: the regional till's
    // round costs an idle one's. The stamping till's next round records that it has nothing left
    // to send (`sync-record.ts`: one statement, no transaction) and the tail reads the new row:
    // the record and the read go together, one round trip after the place (`syncBatch`).
    expect(await idleRound(regional)).toHaveLength(IDLE);
    const recording = await sentDuring(() => till.sync(), till.token);
    expect(recording.map((sent) => sent.name)).toEqual([
      "sync-place",
      "device-synced",
      "view-tail-scope",
    ]);
    expect(trips(recording)).toBe(2);
    expect(await idleRound(till)).toHaveLength(IDLE);
  });

  it(`costs at most ${BUSY_TRIPS} round trips for a busy round that pushes 0-3 stamps and pulls`, async () => {
    const till = await pair();
    const other = await pair();
    const cards: string[] = [];
    for (let i = 0; i < 4; i++) cards.push((await enroll(server, key, north.programId)).cardId);
    const [visited = "", ...stamped] = cards;
    // The cards are in the north shop's view (its tills stamped them), but one: new to every scope.
    await other.sync([other.stamp(visited), ...stamped.slice(1).map((id) => other.stamp(id))]);
    for (const reader of [till, other]) await reader.pullAll();
    for (const count of [0, 1, 2, 3, 3]) {
      await other.sync([other.stamp(visited)]);
      const pushed = stamped.slice(0, count).map((id) => till.stamp(id));
      const busy = await sentDuring(async () => {
        const { json } = await till.sync(pushed);
        expect(json.accepted).toHaveLength(count);
        expect(json.events.length + (json.cards?.length ?? 0)).toBeGreaterThan(0);
      }, till.token);
      if (count > 0) expect(busy.map((sent) => sent.name)).toContainEqual(HAND_OUT);
      expect(trips(busy), JSON.stringify(busy)).toBeLessThanOrEqual(BUSY_TRIPS);
    }
  });

  it(`costs at most ${BATCH_TRIPS} round trips for a batch of ${BATCH} stamps`, async () => {
    const till = await pair();
    const cards: string[] = [];
    for (let i = 0; i < 50; i++) cards.push((await enroll(server, key, north.programId)).cardId);
    await till.pullAll();
    // The first batch finds every card new to every scope; the second, each in the till's.
    for (const round of [0, 1]) {
      const events = Array.from({ length: BATCH }, (_, i) =>
        till.stamp(cards[(i * 7 + round) % cards.length] as string),
      );
      const batch = await sentDuring(async () => {
        const { json } = await till.sync(events);
        expect(json.accepted).toHaveLength(BATCH);
      }, till.token);
      expect(batch.map((sent) => sent.name)).toContainEqual(HAND_OUT);
      expect(trips(batch), JSON.stringify(batch)).toBeLessThanOrEqual(BATCH_TRIPS);
    }
  });

  it(`costs at most ${WOKEN} statements in ${WOKEN_TRIPS} round trips for a held pull a stamp wakes`, async () => {
    const reader = await pair();
    const stamper = await pair();
    const { cardId } = await enroll(server, key, north.programId);
    await stamper.sync([stamper.stamp(cardId)]);
    for (const till of [reader, stamper]) await till.pullAll();
    const idle = await sentDuring(() => reader.sync(), reader.token);
    const before = reader.cursor;
    // The held pull's own statements, from its start: its idle round's, then its woken reads'.
    const held = await sentDuring(async () => {
      const answer = reader.sync([], before, 20);
      await vi.waitFor(() => expect(server.services.pullWaits.waiting).toBe(1));
      await stamper.sync([stamper.stamp(cardId)]);
      expect((await answer).json.cursor).not.toBe(before);
    }, reader.token);
    const names = (sent: readonly Sent[]) => sent.map((statement) => statement.name);
    expect(names(held.slice(0, idle.length))).toEqual(names(idle));
    const woken = held.slice(idle.length);
    expect(woken.length).toBeGreaterThan(0);
    expect(woken.length).toBeLessThanOrEqual(WOKEN);
    expect(trips(held) - trips(idle)).toBeLessThanOrEqual(WOKEN_TRIPS);
  });

  it(`costs a stamp that wakes ${WOKEN_TOGETHER} tills with a compact card one statement more than one that wakes one`, async () => {
    const northTill = await pair();
    const stamper = await pair(south);
    const wake = async (readers: readonly TestDevice[]) => {
      // A card with a history at the north shop (its snapshot folds its program's goal), then
      // visiting the south shop: it joins the region's view, and each woken till gets it compact.
      const { cardId } = await enroll(server, key, north.programId);
      const history = Array.from({ length: 12 }, () => northTill.stamp(cardId));
      expect((await northTill.sync(history)).json.accepted).toHaveLength(12);
      for (const till of [stamper, ...readers]) await till.pullAll();
      const answers = readers.map((reader) => reader.sync([], reader.cursor, 20));
      await vi.waitFor(() => expect(server.services.pullWaits.waiting).toBe(readers.length));
      const sent = await sentDuring(async () => {
        await stamper.sync([stamper.stamp(cardId)]);
        for (const answer of answers) {
          const { json } = await answer;
          expect(json.cards.map((card: { snapshot: unknown }) => card.snapshot)).not.toContain(
            null,
          );
        }
      });
      return sent.map((statement) => statement.name);
    };
    const readers: TestDevice[] = [];
    for (let i = 0; i < WOKEN_TOGETHER; i++) readers.push(await pair(south));
    const one = await wake(readers.slice(0, 1));
    // The tills share their page's compaction (`compactPage`); each checks the goals it was folded
    // with, in one read for them all. They were a read each, one after another in the pull gate.
    const all = await wake(readers);
    expect(all.length, JSON.stringify({ one, all })).toBeLessThanOrEqual(one.length + 1);
  });
});
