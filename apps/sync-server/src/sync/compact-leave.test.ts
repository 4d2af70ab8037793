import { randomUUID } from "node:crypto";
import type { Program } from "@stamp/core";
import { COMPACT_CARDS_PROTOCOL } from "@stamp/wire-protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CompactTill } from "../../test/compact-till";
import { enroll, type Merchant, TestDevice, twoShopServer } from "../../test/fixtures";
import { DATABASES, type TestServer } from "../../test/test-server";
import type { DeviceRecord } from "../storage/store";

/** Cards a page of the first pull sends: the south shop's cards span several pages. */
const PAGE = 2;

/**
 * A till of protocol 5 in a region's scope pulls the region's cards a page at a time (stamp-core
 * SPEC CS7) while the south shop stamps its cards and leaves the region (SC8): whatever of the
 * south shop's cards the till ends up holding, it holds each whole (its state is the stored one,
 * never a fold of the events after the pull began alone), and it holds every card still in the
 * region.
 */
describe.each(DATABASES)("a first pull of compact cards across a region leave (%s)", (database) => {
  let server: TestServer;
  let key: string;
  let north: Merchant;
  let south: Merchant;

  beforeEach(async () => {
    ({ server, key, north, south } = await twoShopServer(database));
  });
  afterEach(() => server.close());

  it("sends no event of a card the till was never sent, and misses no card of the region", async () => {
    const { store } = server.services;
    const { merchantId } = north;
    const regionId = randomUUID();
    const made = { id: regionId, merchantId, name: "Riverside", createdAt: Date.now() };
    expect(await store.createRegion(made)).toBe(true);
    for (const shop of [north, south])
      expect(await store.setLocationRegion(merchantId, shop.locationId, regionId)).toBe(true);
    expect(await store.setSyncScope(merchantId, north.locationId, "region")).toBe(true);
    const program = (await store.getProgram(merchantId, north.programId))?.program as Program;
    const northTill = await TestDevice.pair(server, north);
    const southTill = await TestDevice.pair(server, south);
    const stampAt = async (till: TestDevice, cards: readonly string[]) => {
      const reply = await till.sync(cards.map((cardId) => till.stamp(cardId)));
      expect(reply.json.accepted, reply.text).toHaveLength(cards.length);
    };
    const newCards = async (count: number) => {
      const cards: string[] = [];
      for (let i = 0; i < count; i++)
        cards.push((await enroll(server, key, north.programId)).cardId);
      return cards;
    };
    const southCards = await newCards(6);
    const northCards = await newCards(2);
    // Used at both shops: it stays in the region when the south shop leaves.
    const [both] = await newCards(1);
    await stampAt(southTill, [...southCards, both as string]);
    await stampAt(northTill, [...northCards, both as string]);

    const paired = await TestDevice.pair(server, north, "kiosk", COMPACT_CARDS_PROTOCOL);
    const device = (await store.getDevice(paired.deviceId)) as DeviceRecord;
    const till = new CompactTill(server.services, device, program);
    const first = await till.page(PAGE);
    expect(first.pull?.kind).toBe("view");
    expect(first.more).toBe(true);
    // Midway: every south card gains a stamp after the pull began, then the south shop leaves.
    await stampAt(southTill, [...southCards, both as string]);
    expect(await store.setLocationRegion(merchantId, south.locationId, null)).toBe(true);
    for (let pages = 0; (await till.page(PAGE)).more; pages++) expect(pages).toBeLessThan(100);

    const held = [...till.replica.cardIds()];
    expect(held).toEqual(expect.arrayContaining([...northCards, both]));
    for (const cardId of held) {
      const stored = await store.getCard(merchantId, cardId);
      expect(till.replica.doubtful(cardId), cardId).toBe(false);
      expect(till.replica.state(cardId), cardId).toEqual(stored?.state);
    }
  });
});
