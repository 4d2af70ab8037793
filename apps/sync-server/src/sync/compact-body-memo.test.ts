import { CompactReplica, compactState, type Program, type StampEvent } from "@stamp/core";
import {
  COMPACT_CARDS_PROTOCOL,
  type CompactCardBody,
  cursorPosition,
  MAX_PULL_WAIT_SECONDS,
} from "@stamp/wire-protocol";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { compactRound } from "../../test/compact-till";
import {
  anotherMerchant,
  enroll,
  type Merchant,
  TestDevice,
  twoShopServer,
} from "../../test/fixtures";
import { DATABASES, type TestServer } from "../../test/test-server";
import type { DeviceRecord, PullScope } from "../storage/store";
import { CompactBodyMemo } from "./compact-body-memo";
import { programReader } from "./compact-card-body";
import { compactPage } from "./compact-page";

const MINUTE = 60_000;

/** The state a compact card's body folds to with `program` (SPEC CS2). */
function stateOf(program: Program, body: CompactCardBody) {
  const tail = body.tail.map((text) => JSON.parse(text) as StampEvent);
  return compactState(program, { ...body, tail });
}

/** One compact card per card and log position, shared by the tills handed it (issue 16). */
describe.each(DATABASES)("compact cards shared by tills (%s)", (database) => {
  let server: TestServer;
  let key: string;
  let north: Merchant;
  let south: Merchant;

  beforeAll(async () => {
    ({ server, key, north, south } = await twoShopServer(database));
  });
  afterAll(() => server.close());

  const program = async (merchant: Merchant) =>
    (await server.services.store.getProgram(merchant.merchantId, merchant.programId))
      ?.program as Program;

  /** A card with a dozen stamps at the north shop: longer than a tail, so it has a snapshot. */
  async function regularCard(till: TestDevice, start: number): Promise<string> {
    const cardId = (await enroll(server, key, north.programId)).cardId;
    const history = Array.from({ length: 12 }, (_, i) =>
      till.stamp(cardId, 1, "staff", start + i * MINUTE),
    );
    expect((await till.sync(history)).json.accepted).toHaveLength(12);
    return cardId;
  }

  it("hands every till of a shop the one compact card of a card joining it, read again once the card has a newer event", async () => {
    const start = Date.now() + MINUTE;
    const { store } = server.services;
    const northTill = await TestDevice.pair(server, north);
    const southTill = await TestDevice.pair(server, south, "staff", COMPACT_CARDS_PROTOCOL);
    const tills = await Promise.all(
      [1, 2, 3].map(() => TestDevice.pair(server, south, "kiosk", COMPACT_CARDS_PROTOCOL)),
    );
    // Past their first pull (the log holds events): they pull events on.
    const elsewhere = await regularCard(northTill, start);
    for (const till of tills) await till.pullAll();
    const regular = await regularCard(northTill, start);

    // Stamped at the south shop: the card joins it, and its first till is handed it compact.
    const visit = southTill.stamp(regular, 1, "staff", start + 20 * MINUTE);
    expect((await compactRound(southTill, [visit])).accepted).toEqual([visit.id]);
    const [first, second, third] = tills as [TestDevice, TestDevice, TestDevice];
    const made = (await compactRound(first)).cards;
    expect(made.map((card) => card.cardId)).toEqual([regular]);

    // The log moves on at the north shop only: the next till is handed the same card, as read
    // then (a read now would be at the new head).
    const away = northTill.stamp(elsewhere, 1, "staff", start + 30 * MINUTE);
    expect((await northTill.sync([away])).json.accepted).toEqual([away.id]);
    const shared = await compactRound(second);
    expect(shared.cards).toEqual(made);
    expect(shared.cards[0]?.at).toBeLessThan(await store.maxSeq(north.merchantId));

    // A newer event of the card: a till whose page holds it is not handed the card without it.
    const back = northTill.stamp(regular, 2, "staff", start + 40 * MINUTE);
    expect((await northTill.sync([back])).json.accepted).toEqual([back.id]);
    const fresh = await compactRound(third);
    expect(fresh.events.filter((event) => event.cardId === regular)).toEqual([]);
    expect(fresh.cards.map((card) => card.cardId)).toEqual([regular]);
    expect(fresh.cards[0]?.tail.map((event) => event.id)).toContain(back.id);
    const folded = await program(north);
    const held = new CompactReplica(() => folded);
    for (const card of fresh.cards) held.seed(card);
    expect(held.state(regular)).toEqual((await store.getCard(north.merchantId, regular))?.state);
  });

  it("folds a card again once its program has a new goal, never hands a merchant another's card, and forgets the least recently used", async () => {
    const { store } = server.services;
    const northTill = await TestDevice.pair(server, north);
    const cardId = await regularCard(northTill, Date.now() + MINUTE);
    const other = await anotherMerchant(server, "Other Cafe");
    const memo = new CompactBodyMemo(1);
    const cardsOf = (merchant: Merchant, through: number, ids = [cardId]) =>
      memo.cards(
        store,
        programReader(store, merchant.merchantId),
        merchant.merchantId,
        new Map(ids.map((id) => [id, through])),
      );

    const [made] = await cardsOf(north, 0);
    expect((await cardsOf(north, made?.at ?? 0))[0]).toBe(made);
    // Another merchant asking for the card's id is handed nothing, memo or not.
    expect(await cardsOf(other, 0)).toEqual([]);
    expect((await cardsOf(north, 0))[0]).toBe(made);

    // Past its position: read again.
    const later = await cardsOf(north, (made?.at ?? 0) + 1);
    expect(later[0]).not.toBe(made);
    expect(later).toEqual([made]);

    // A new goal refolds the card: the body kept from before is not handed out.
    const before = await program(north);
    const goal = before.goal + 3;
    const edited = { ...before, version: before.version + 1, goal };
    expect(await store.updateProgram(edited, before.version, Date.now())).toBe(true);
    const [refolded] = await cardsOf(north, 0);
    if (!refolded) throw new Error("the card is there");
    expect(refolded).not.toBe(later[0]);
    expect(stateOf(edited, refolded)?.goal).toBe(goal);
    expect(stateOf(edited, refolded)).toEqual(
      (await store.getCard(north.merchantId, cardId))?.state,
    );

    // One card's room: a second card's body pushes the first one out.
    const second = await regularCard(northTill, Date.now() + 20 * MINUTE);
    await cardsOf(north, 0, [second]);
    expect((await cardsOf(north, 0))[0]).not.toBe(refolded);
  });

  it("answers the tills one stamp wakes at one cursor with one compaction, equal to the one made alone; the stamping till and, after a new goal, a till at that cursor get their own", async () => {
    const start = Date.now() + 100 * MINUTE;
    const { store } = server.services;
    const northTill = await TestDevice.pair(server, north);
    const southTill = await TestDevice.pair(server, south, "staff", COMPACT_CARDS_PROTOCOL);
    const tills = await Promise.all(
      [1, 2, 3, 4].map(() => TestDevice.pair(server, south, "kiosk", COMPACT_CARDS_PROTOCOL)),
    );
    const regular = await regularCard(northTill, start);
    for (const till of [southTill, ...tills]) await till.pullAll();
    const [late, ...woken] = tills as [TestDevice, ...TestDevice[]];
    const cursor = late.cursor;
    expect(new Set(tills.map((till) => till.cursor))).toEqual(new Set([cursor]));
    const held = woken.map((till) => till.sync([], cursor, MAX_PULL_WAIT_SECONDS));
    await vi.waitFor(() => expect(server.services.pullWaits.waiting).toBe(woken.length), {
      timeout: 20_000,
    });

    // Stamped at the south shop: the card joins it, every held till is handed it compact.
    const visit = southTill.stamp(regular, 1, "staff", start + 20 * MINUTE);
    const own = await compactRound(southTill, [visit]);
    expect(own.accepted).toEqual([visit.id]);
    expect(own.cards).toEqual([]);
    const answers = (await Promise.all(held)).map((reply) => reply.json);

    // The answer made alone: from the store's page, a page object no other pull was handed.
    const scope: PullScope = { kind: "location", locationId: south.locationId };
    const device = (await store.getDevice(late.deviceId)) as DeviceRecord;
    const from = cursorPosition(cursor, server.services.logEpoch);
    if (from === "start-over") throw new Error("a cursor of this server");
    const page = await store.eventsAfter(
      south.merchantId,
      late.deviceId,
      scope,
      from.position,
      1000,
    );
    const alone = await compactPage(server.services, device, scope, from.position, page);
    const wire = (made: typeof alone) => ({
      events: made.events.map((text) => JSON.parse(text)),
      cards: made.cards.map((card) => ({ ...card, tail: card.tail.map((t) => JSON.parse(t)) })),
    });
    expect(alone.cards.map((card) => card.cardId)).toEqual([regular]);
    for (const answer of answers) {
      expect({ events: answer.events, cards: answer.cards }).toEqual(wire(alone));
      expect(answer.cursor).toEqual(answers[0]?.cursor);
    }

    // A new goal: the till still at that cursor is not handed the card folded with the old one.
    const before = await program(south);
    const edited = { ...before, version: before.version + 1, goal: before.goal + 2 };
    expect(await store.updateProgram(edited, before.version, Date.now())).toBe(true);
    const refolded = await compactRound(late);
    expect(refolded.cards.map((card) => card.cardId)).toEqual([regular]);
    expect(refolded.cards[0]?.snapshot?.goal).toBe(edited.goal);
    const [card] = refolded.cards;
    if (!card) throw new Error("the card is there");
    expect(compactState(edited, card)).toEqual(
      (await store.getCard(north.merchantId, regular))?.state,
    );
  });
});
