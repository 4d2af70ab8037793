import { COMPACT_CARDS_PROTOCOL } from "@stamp/wire-protocol";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { enroll, type Merchant, TestDevice, twoShopServer } from "../../../test/fixtures";
import { statementsDuring } from "../../../test/pg-statements";
import type { TestServer } from "../../../test/test-server";

/** An idle till's round: its device, the log's head and its location, its scope's head. */
const IDLE = 4;
/** A round that stamps one event: the idle round's reads, the append's transaction, its page. */
const STAMPING = 20;
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

  beforeAll(async () => {
    ({ server, key, north } = await twoShopServer("postgres"));
  });
  afterAll(() => server.close());

  const pair = () => TestDevice.pair(server, north, "kiosk", COMPACT_CARDS_PROTOCOL);

  it(`costs at most ${IDLE} statements for an idle round, ${STAMPING} for a round that stamps`, async () => {
    const till = await pair();
    const { cardId } = await enroll(server, key, north.programId);
    await till.pullAll();
    expect(await statementsDuring(() => till.sync())).toHaveLength(IDLE);
    const stamping = await statementsDuring(() => till.sync([till.stamp(cardId)]));
    expect(stamping.length).toBeLessThanOrEqual(STAMPING);
  });

  it(`costs at most ${WOKEN} statements for a held pull a stamp wakes`, async () => {
    const reader = await pair();
    const stamper = await pair();
    const { cardId } = await enroll(server, key, north.programId);
    await stamper.sync([stamper.stamp(cardId)]);
    for (const till of [reader, stamper]) await till.pullAll();
    const alone = await statementsDuring(() => stamper.sync([stamper.stamp(cardId)]));
    await reader.pullAll();
    const before = reader.cursor;
    const held = reader.sync([], before, 20);
    await vi.waitFor(() => expect(server.services.pullWaits.waiting).toBe(1));
    const woken = await statementsDuring(async () => {
      await stamper.sync([stamper.stamp(cardId)]);
      expect((await held).json.cursor).not.toBe(before);
    });
    expect(woken.length - alone.length).toBeLessThanOrEqual(WOKEN);
  });
});
