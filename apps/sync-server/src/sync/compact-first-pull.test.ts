import { CompactReplica, firstIssue, type Program, type StampEvent } from "@stamp/core";
import {
  type CardKey,
  COMPACT_CARDS_PROTOCOL,
  type CompactCardBody,
  cursorText,
  parseSyncAnswer,
} from "@stamp/wire-protocol";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CompactTill } from "../../test/compact-till";
import { enroll, type Merchant, TestDevice, twoShopServer } from "../../test/fixtures";
import { DATABASES, type TestServer } from "../../test/test-server";
import type { DeviceRecord } from "../storage/store";
import { cardPullPage } from "./compact-first-pull";

const MINUTE = 60_000;

/** A first pull of compact cards (stamp-core SPEC CS7) over HTTP and page by page. */
describe.each(DATABASES)("first pull of compact cards (%s)", (database) => {
  let server: TestServer;
  let key: string;
  let north: Merchant;
  let south: Merchant;
  let program: Program;

  beforeAll(async () => {
    ({ server, key, north, south } = await twoShopServer(database));
    const { store } = server.services;
    expect(await store.setSyncScope(north.merchantId, north.locationId, "merchant")).toBe(true);
    program = (await store.getProgram(north.merchantId, north.programId))?.program as Program;
  });
  afterAll(() => server.close());

  /** Every card of the merchant as the server folds it. */
  async function serverCards(): Promise<Map<string, unknown>> {
    const { store } = server.services;
    const cards = new Map<string, unknown>();
    for (let after: CardKey | null = null; ; ) {
      const keys = await store.merchantCards(north.merchantId, after, 100);
      for (const k of keys)
        cards.set(k.cardId, (await store.getCard(north.merchantId, k.cardId))?.state);
      if (keys.length < 100) return cards;
      after = keys[keys.length - 1] ?? null;
    }
  }

  it("sends a merchant-scope till of protocol 5 every card as snapshot + tail, then events from where it began; older tills get every event", async () => {
    const till = await TestDevice.pair(server, south);
    const regular = (await enroll(server, key, north.programId)).cardId;
    const start = Date.now() + MINUTE;
    const stamps = Array.from({ length: 12 }, (_, i) =>
      till.stamp(regular, 1, "staff", start + i * MINUTE),
    );
    expect((await till.sync(stamps)).json.accepted).toHaveLength(12);
    const head = await server.services.store.maxSeq(north.merchantId);

    const compact = await TestDevice.pair(server, north, "kiosk", COMPACT_CARDS_PROTOCOL);
    const reply = await compact.sync();
    expect(reply.status, reply.text).toBe(200);
    const answer = parseSyncAnswer(reply.json);
    if (!answer.ok) throw new Error(firstIssue(answer.issues));
    expect(answer.value.events).toEqual([]);
    const card = answer.value.cards.find((c) => c.cardId === regular);
    expect(card?.snapshot?.eventCount).toBeGreaterThan(0);
    expect(card?.tail.length).toBeLessThanOrEqual(8);
    expect(answer.value.cursor).toBe(cursorText(head, server.services.logEpoch, "merchant"));
    const replica = new CompactReplica(() => program);
    for (const c of answer.value.cards) replica.seed(c);

    // Later events come as events, from where the first pull began.
    const next = till.stamp(regular, 2, "staff", start + 30 * MINUTE);
    await till.sync([next]);
    const after = await compact.sync();
    expect(after.json.events.map((e: StampEvent) => e.id)).toEqual([next.id]);
    replica.ingest(after.json.events, { kind: "pulled" });
    expect(replica.state(regular)).toEqual(
      (await server.services.store.getCard(north.merchantId, regular))?.state,
    );

    // A till of protocol 4 in the same scope gets every event of the card.
    const old = await TestDevice.pair(server, north);
    const events = await old.pullAll();
    expect(events.filter((e) => e.cardId === regular)).toHaveLength(14);
  });

  it("hands tills pulling from the same head one compact card per card, read once; a later head reads it again (issue 16)", async () => {
    const { services } = server;
    const { store } = services;
    const northTill = await TestDevice.pair(server, north);
    const cardId = (await enroll(server, key, north.programId)).cardId;
    const start = Date.now() + MINUTE;
    await northTill.sync([northTill.stamp(cardId, 1, "staff", start)]);
    const device = async () => {
      const paired = await TestDevice.pair(server, north, "kiosk", COMPACT_CARDS_PROTOCOL);
      return (await store.getDevice(paired.deviceId)) as DeviceRecord;
    };
    const [one, two] = [await device(), await device()];
    // Every card of the merchant in one page, from the log's head as each pull would begin.
    const pulled = async (till: DeviceRecord) => {
      const base = await store.maxSeq(north.merchantId);
      const page = await cardPullPage(services, till, { kind: "merchant", base, after: null }, 1e4);
      return page.cards?.find((card) => card.cardId === cardId);
    };

    const tailIds = (card: CompactCardBody | undefined) =>
      card?.tail.map((text) => (JSON.parse(text) as StampEvent).id);
    const first = await pulled(one);
    expect(first).toBeDefined();
    expect(await pulled(two)).toBe(first);

    const again = northTill.stamp(cardId, 1, "staff", start + MINUTE);
    await northTill.sync([again]);
    const later = await pulled(two);
    expect(later).not.toBe(first);
    expect(tailIds(later)).toContain(again.id);
    expect(tailIds(first)).not.toContain(again.id);
  });

  it("converges exactly to the server's cards, page by page, while cards are stamped, stamped late, enrolled and move between shops during the pull (CS6, CS7, property)", async () => {
    const { services } = server;
    const northTill = await TestDevice.pair(server, north);
    const southTill = await TestDevice.pair(server, south);
    const offline = await TestDevice.pair(server, south);
    const step = fc.record({
      kind: fc.constantFrom("stamp", "late", "enrol"),
      at: fc.constantFrom("north", "south"),
      card: fc.nat(),
    });
    const startMs = Date.now() + MINUTE;
    let clock = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 12 }),
        fc.integer({ min: 1, max: 3 }),
        async (steps, limit) => {
          const cards: string[] = [];
          for (let i = 0; i < 3; i++) {
            const cardId = (await enroll(server, key, north.programId)).cardId;
            cards.push(cardId);
            const made = Array.from({ length: 1 + (i % 3) * 5 }, () =>
              northTill.stamp(cardId, 1, "staff", startMs + ++clock * MINUTE),
            );
            await northTill.sync(made);
          }
          const paired = await TestDevice.pair(server, north, "kiosk", COMPACT_CARDS_PROTOCOL);
          const device = (await services.store.getDevice(paired.deviceId)) as DeviceRecord;
          const till = new CompactTill(services, device, program);
          const replica = till.replica;
          const pending = [...steps];
          for (let pages = 0; ; pages++) {
            expect(pages).toBeLessThan(500);
            const page = await till.page(limit);
            const next = pending.shift();
            if (next) {
              const cardId = cards[next.card % cards.length] as string;
              const by = next.at === "north" ? northTill : southTill;
              if (next.kind === "enrol")
                cards.push((await enroll(server, key, north.programId)).cardId);
              else if (next.kind === "stamp")
                await by.sync([by.stamp(cardId, 1, "staff", startMs + ++clock * MINUTE)]);
              // An offline till's stamp from the start: it sorts before the card's stored events.
              else await offline.sync([offline.stamp(cardId, 1, "staff", startMs + clock)]);
            } else if (!page.more) break;
          }
          const stored = await serverCards();
          for (const [cardId, state] of stored) {
            expect(replica.doubtful(cardId)).toBe(false);
            expect(replica.state(cardId)).toEqual(state);
          }
        },
      ),
      { numRuns: 12 },
    );
  }, 180_000);
});
