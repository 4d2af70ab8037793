import { randomUUID } from "node:crypto";
import { COMPACT_CARDS_PROTOCOL } from "@stamp/wire-protocol";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { enroll, type Merchant, TestDevice, twoShopServer } from "../../../test/fixtures";
import { markRequests, statementsDuring } from "../../../test/pg-statements";
import type { TestServer } from "../../../test/test-server";

/**
 * An idle till's round, in its location's scope or its region's: its device; the log's head, its
 * location and region (`syncPlace`, one statement: they were two at once and one after them); its
 * scope's head.
 */
const IDLE = 3;
/** A round that stamps one event: the idle round's reads, the append's transaction, its page. */
const STAMPING = 19;
/** A held pull a stamp wakes: its scope's head and page, the page's compact cards. */
const WOKEN = 5;

/**
 * How many statements a sync round sends to PostgreSQL (each one a socket write and a wait, the
 * cost of 1,000 tills on one database): an idle till's round, a round that stamps, and a held pull
 * that a stamp wakes. Bounds, so they cannot creep back.
 */
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

  it(`costs at most ${IDLE} statements for an idle round, ${STAMPING} for a round that stamps`, async () => {
    const till = await pair();
    const regional = await pair(south);
    const { cardId } = await enroll(server, key, north.programId);
    for (const idle of [till, regional]) {
      await idle.pullAll();
      expect(await statementsDuring(() => idle.sync(), idle.token)).toHaveLength(IDLE);
    }
    const stamping = await statementsDuring(() => till.sync([till.stamp(cardId)]), till.token);
    expect(stamping.length).toBeLessThanOrEqual(STAMPING);
  });

  it(`costs at most ${WOKEN} statements for a held pull a stamp wakes`, async () => {
    const reader = await pair();
    const stamper = await pair();
    const { cardId } = await enroll(server, key, north.programId);
    await stamper.sync([stamper.stamp(cardId)]);
    for (const till of [reader, stamper]) await till.pullAll();
    const idle = await statementsDuring(() => reader.sync(), reader.token);
    const before = reader.cursor;
    // The held pull's own statements, from its start: its idle round's, then its woken reads'.
    const held = await statementsDuring(async () => {
      const answer = reader.sync([], before, 20);
      await vi.waitFor(() => expect(server.services.pullWaits.waiting).toBe(1));
      await stamper.sync([stamper.stamp(cardId)]);
      expect((await answer).json.cursor).not.toBe(before);
    }, reader.token);
    expect(held.slice(0, idle.length)).toEqual(idle);
    const woken = held.slice(idle.length);
    expect(woken.length).toBeGreaterThan(0);
    expect(woken.length).toBeLessThanOrEqual(WOKEN);
  });
});
