import { randomUUID } from "node:crypto";
import type { Program } from "@stamp/core";
import { COMPACT_CARDS_PROTOCOL } from "@stamp/wire-protocol";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CompactTill } from "../../test/compact-till";
import { enroll, type Merchant, newLocation, TestDevice, twoShopServer } from "../../test/fixtures";
import { DATABASES, type TestServer } from "../../test/test-server";
import type { DeviceRecord } from "../storage/store";

const MINUTE = 60_000;
/** Between one till's stamps: many runs of many stamps stay within the clock drift allowed. */
const APART = 10_000;
const SHOPS = ["north", "south", "east"] as const;
type Shop = (typeof SHOPS)[number];

/**
 * Pulls of compact cards in a location's or region's view over HTTP and page by page (stamp-core
 * SPEC CS7, SC2, SC8): the east market's tills, in its own view or in the region it shares with
 * the south shop; the north shop is outside both.
 */
describe.each(DATABASES)("pulls of a view's compact cards (%s)", (database) => {
  let server: TestServer;
  let key: string;
  let program: Program;
  let shops: Record<Shop, Merchant>;
  let tills: Record<Shop | "offline", TestDevice>;
  let regionId: string;
  /** Where each card was used by a till (none: a card of no location, new in this test). */
  const usedAt = new Map<string, Set<Shop>>();
  const startMs = Date.now() + MINUTE;
  let clock = 0;

  beforeAll(async () => {
    const made = await twoShopServer(database);
    ({ server, key } = made);
    const east = await newLocation(server, made.north, "East market");
    shops = { north: made.north, south: made.south, east };
    const { store } = server.services;
    program = (await store.getProgram(east.merchantId, east.programId))?.program as Program;
    regionId = randomUUID();
    const region = { id: regionId, merchantId: east.merchantId, name: "Riverside" };
    expect(await store.createRegion({ ...region, createdAt: Date.now() })).toBe(true);
    expect(await store.setLocationRegion(east.merchantId, made.south.locationId, regionId)).toBe(
      true,
    );
    tills = {
      north: await TestDevice.pair(server, made.north),
      south: await TestDevice.pair(server, made.south),
      east: await TestDevice.pair(server, east),
      offline: await TestDevice.pair(server, made.south),
    };
  });
  afterAll(() => server.close());

  async function newCard(): Promise<string> {
    const cardId = (await enroll(server, key, shops.east.programId)).cardId;
    usedAt.set(cardId, new Set());
    return cardId;
  }

  /** A stamp by the shop's till; `late`: by an offline till of the south shop, sorting first. */
  async function stamp(cardId: string, at: Shop, late = false): Promise<void> {
    const till = late ? tills.offline : tills[at];
    const ms = late ? startMs + clock : startMs + ++clock * APART;
    const answer = await till.sync([till.stamp(cardId, 1, "staff", ms)]);
    expect(answer.json.accepted, JSON.stringify(answer.json.rejected)).toHaveLength(1);
    usedAt.get(cardId)?.add(late ? "south" : at);
  }

  /** The cards the view holds now (SC2, SC8): used at its shops, or of no location (all new). */
  function inView(shopsOfView: readonly Shop[]): string[] {
    return [...usedAt]
      .filter(([, at]) => at.size === 0 || shopsOfView.some((shop) => at.has(shop)))
      .map(([cardId]) => cardId);
  }

  async function expectConverged(till: CompactTill, shopsOfView: readonly Shop[]) {
    const { store } = server.services;
    for (const cardId of inView(shopsOfView)) {
      expect(till.replica.doubtful(cardId)).toBe(false);
      const stored = await store.getCard(shops.east.merchantId, cardId);
      expect(till.replica.state(cardId)).toEqual(stored?.state);
    }
  }

  async function compactTill(): Promise<CompactTill> {
    const paired = await TestDevice.pair(server, shops.east, "kiosk", COMPACT_CARDS_PROTOCOL);
    const { store } = server.services;
    const device = (await store.getDevice(paired.deviceId)) as DeviceRecord;
    return new CompactTill(server.services, device, program);
  }

  const step = fc.record({
    kind: fc.constantFrom("stamp", "late", "enrol"),
    at: fc.constantFrom(...SHOPS),
    card: fc.nat(),
  });

  type StepOf = typeof step extends fc.Arbitrary<infer T> ? T : never;

  /** Pulls to the end, one of `steps` after each page; the cards sent in pulls of cards. */
  async function pullThrough(
    till: CompactTill,
    limit: number,
    steps: readonly StepOf[],
    cards: string[],
  ): Promise<string[]> {
    const pending = [...steps];
    const sent: string[] = [];
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(500);
      const page = await till.page(limit);
      if (page.pull) sent.push(...page.cards);
      const next = pending.shift();
      if (next) {
        const cardId = cards[next.card % cards.length] as string;
        if (next.kind === "enrol") cards.push(await newCard());
        else await stamp(cardId, next.at, next.kind === "late");
      } else if (!page.more) return sent;
    }
  }

  it.each([
    ["location", ["east"]],
    ["region", ["east", "south"]],
  ] as const)(
    "a first pull in a %s scope converges exactly to the view's cards, page by page, while cards are stamped, stamped late, enrolled and move between shops (CS6, CS7, property)",
    async (scope, shopsOfView) => {
      const { store } = server.services;
      const east = shops.east;
      expect(await store.setLocationRegion(east.merchantId, east.locationId, regionId)).toBe(true);
      expect(await store.setSyncScope(east.merchantId, east.locationId, scope)).toBe(true);
      await fc.assert(
        fc.asyncProperty(
          fc.array(step, { maxLength: 12 }),
          fc.integer({ min: 1, max: 3 }),
          async (steps, limit) => {
            const cards: string[] = [];
            for (const [i, at] of [...SHOPS, null].entries()) {
              const cardId = await newCard();
              cards.push(cardId);
              for (let n = 0; at && n < 1 + (i % 3) * 5; n++) await stamp(cardId, at);
            }
            // Cards of the north shop alone before the pull: never the view's to send.
            const outside = [...usedAt]
              .filter(([, at]) => at.size === 1 && at.has("north"))
              .map(([cardId]) => cardId);
            const till = await compactTill();
            const sent = await pullThrough(till, limit, steps, cards);
            await expectConverged(till, shopsOfView);
            for (const cardId of outside)
              if (usedAt.get(cardId)?.size === 1)
                expect(till.replica.state(cardId)).toBeUndefined();
            // Every card of the view came in the pull of cards, each once.
            expect(sent).toHaveLength(new Set(sent).size);
          },
        ),
        { numRuns: 6 },
      );
    },
    240_000,
  );
});
