import { viewNarrowed } from "@stamp/wire-protocol";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiKey, enroll, type Merchant, TestDevice, twoShopServer } from "../../test/fixtures";
import { holdingPulls } from "../../test/held-pulls";
import { TestStream } from "../../test/stream-till";
import { DATABASES, type TestServer } from "../../test/test-server";
import { twoPostgresInstances } from "../../test/two-postgres-instances";

const ids = (answer: { events: { id: string }[] }) => answer.events.map((e) => e.id);

/** A till that streams, and every event id it was given, in order (its first pulls too). */
interface StreamingTill {
  readonly device: TestDevice;
  stream: TestStream;
  readonly given: string[];
}

async function streamingTill(server: TestServer, shop: Merchant): Promise<StreamingTill> {
  const device = await TestDevice.pair(server, shop);
  const given = (await device.pullAll()).map((e) => e.id);
  return { device, stream: await TestStream.open(device), given };
}

/** What its stream has given it so far, taken into `given`. */
function taken(till: StreamingTill, from: { at: number }): string[] {
  const answers = till.stream.answers.slice(from.at);
  from.at += answers.length;
  for (const answer of answers) till.given.push(...ids(answer));
  return till.given;
}

describe.each(DATABASES)("held streams and sync scopes (%s)", (database) => {
  let server: TestServer;
  let key: string;
  let north: Merchant;
  let south: Merchant;

  beforeAll(async () => {
    ({ server, key, north, south } = await twoShopServer(database));
  });
  afterAll(() => server.close());

  it("a till whose location takes another scope mid-stream is answered in it at the next wake", async () => {
    const southTill = await TestDevice.pair(server, south);
    const card = (await enroll(server, key, south.programId)).cardId;
    const southern = southTill.stamp(card);
    await southTill.sync([southern]);
    const reader = await TestDevice.pair(server, north);
    const pulled = (await reader.pullAll()).map((e) => e.id);
    expect(pulled).not.toContain(southern.id);
    const stream = await TestStream.open(reader);
    await holdingPulls(server, 1);

    // The north shop's tills now replicate the merchant's whole log: the south shop's card too.
    const { store } = server.services;
    expect(await store.setSyncScope(north.merchantId, north.locationId, "merchant")).toBe(true);
    expect(ids(await stream.next())).toContain(southern.id);
    const later = southTill.stamp(card);
    await southTill.sync([later]);
    expect(ids(await stream.next())).toEqual([later.id]);
    await stream.hangUp();
    expect(await store.setSyncScope(north.merchantId, north.locationId, "location")).toBe(true);
    await holdingPulls(server, 0);
  });

  it("a till whose view narrows mid-stream is told at once, with nothing new in its new view", async () => {
    const { store } = server.services;
    expect(await store.setSyncScope(north.merchantId, north.locationId, "merchant")).toBe(true);
    const reader = await TestDevice.pair(server, north);
    await reader.pullAll();
    const wide = reader.cursor;
    const stream = await TestStream.open(reader);
    await holdingPulls(server, 1);

    // Back to its own location's view: it must let go of the south shop's cards now, as a held
    // pull's answer at its time-up told it, not at the stream's end minutes later.
    expect(await store.setSyncScope(north.merchantId, north.locationId, "location")).toBe(true);
    const told = await stream.next();
    expect(told.events).toEqual([]);
    expect(viewNarrowed(wide, told.cursor)).toBe(true);
    await stream.hangUp();
    await holdingPulls(server, 0);
  });

  /**
   * Nothing lost, nothing doubled: tills of two shops stream while others stamp customers' cards
   * at either shop and the streaming tills hang up and stream again (as a till with a scan to push
   * does); each ends with exactly the events a till of its shop pulling afresh is given, each once.
   */
  it("every streaming till ends with every event of its scope, each once", async () => {
    const shops = { north, south };
    const stampers = {
      north: await TestDevice.pair(server, north),
      south: await TestDevice.pair(server, south),
    };
    const step = fc.oneof(
      fc.record({
        kind: fc.constant("stamp"),
        at: fc.constantFrom("north", "south"),
        card: fc.nat(3),
      }),
      fc.record({ kind: fc.constant("again"), till: fc.nat(3) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 25 }), async (steps) => {
        const cards = await Promise.all(
          [0, 1, 2, 3].map(async () => (await enroll(server, key, north.programId)).cardId),
        );
        const tills = [
          await streamingTill(server, north),
          await streamingTill(server, north),
          await streamingTill(server, south),
          await streamingTill(server, south),
        ];
        const read = tills.map(() => ({ at: 0 }));
        try {
          for (const s of steps) {
            if (s.kind === "stamp") {
              const stamper = stampers[s.at as "north" | "south"];
              const stamp = stamper.stamp(cards[s.card] as string);
              expect((await stamper.sync([stamp])).json.accepted).toEqual([stamp.id]);
            } else {
              const till = tills[s.till] as StreamingTill;
              const at = read[s.till] as { at: number };
              await till.stream.hangUp();
              taken(till, at);
              at.at = 0;
              till.stream = await TestStream.open(till.device);
            }
          }
          for (const [i, till] of tills.entries()) {
            const shop = i < 2 ? shops.north : shops.south;
            const afresh = (await (await TestDevice.pair(server, shop)).pullAll()).map((e) => e.id);
            await vi.waitFor(
              () =>
                expect(new Set(taken(till, read[i] as { at: number }))).toEqual(new Set(afresh)),
              { timeout: 20_000 },
            );
            expect(till.given).toHaveLength(afresh.length);
          }
        } finally {
          for (const till of tills) await till.stream.hangUp();
        }
      }),
      { numRuns: 4 },
    );
    await holdingPulls(server, 0);
  }, 240_000);
});

describe("held streams across two instances on one PostgreSQL", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("a stream held on B is answered with the stamps taken by A", async () => {
    const { b, a } = await twoPostgresInstances(cleanups);
    const key = await apiKey(b, b.seed);
    const stamper = await TestDevice.pair(b, b.seed, "kiosk", undefined, a);
    const reader = await TestDevice.pair(b, b.seed);
    const { cardId } = await enroll(b, key, b.seed.programId);
    await reader.pullAll();
    const stream = await TestStream.open(reader);
    await holdingPulls(b, 1);
    for (let i = 0; i < 2; i++) {
      const stamp = stamper.stamp(cardId);
      expect((await stamper.sync([stamp])).json.accepted).toEqual([stamp.id]);
      expect(ids(await stream.next())).toEqual([stamp.id]);
    }
    await stream.hangUp();
  }, 120_000);

  it("a stream held on B ends when its till is unpaired through A", async () => {
    // A stream reads its device once (`held-stream.ts`): an unpairing reaches it as a move of the
    // merchant's places, which A publishes to every instance.
    const { b, a } = await twoPostgresInstances(cleanups);
    const reader = await TestDevice.pair(b, b.seed);
    await reader.pullAll();
    const stream = await TestStream.open(reader);
    await holdingPulls(b, 1);
    const { store } = a.services;
    expect(await store.revokeDevice(b.seed.merchantId, reader.deviceId, Date.now())).toBe(true);
    expect(await stream.ended()).toBe("clean");
    expect(stream.answers).toEqual([]);
    await holdingPulls(b, 0);
    expect((await reader.sync()).json.error.code).toBe("device-revoked");
  }, 120_000);
});
