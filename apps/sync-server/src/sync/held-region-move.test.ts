import { COMPACT_CARDS_PROTOCOL, MAX_PULL_WAIT_SECONDS } from "@stamp/wire-protocol";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  apiKey,
  enroll,
  KIOSK_PROTOCOL,
  newLocation,
  type Reply,
  TestDevice,
} from "../../test/fixtures";
import { riversideAndHillside } from "../../test/riverside-hillside";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { twoPostgresInstances } from "../../test/two-postgres-instances";
import type { Store } from "../storage/store";

/** What an answer brought: its events, its compact cards and their tail events. */
interface Pulled {
  readonly events: string[];
  readonly cards: string[];
  readonly tails: string[];
}

function pulled(reply: Reply): Pulled {
  expect(reply.status, reply.text).toBe(200);
  const cards: { cardId: string; tail: { id: string }[] }[] = reply.json.cards ?? [];
  return {
    events: reply.json.events.map((e: { id: string }) => e.id),
    cards: cards.map((card) => card.cardId),
    tails: cards.flatMap((card) => card.tail.map((e) => e.id)),
  };
}

const joined = (pages: readonly Pulled[]): Pulled => ({
  events: pages.flatMap((p) => p.events),
  cards: pages.flatMap((p) => p.cards),
  tails: pages.flatMap((p) => p.tails),
});

/** Every answer a till is given from its cursor until the server has nothing more. */
async function pullEverything(till: TestDevice): Promise<Pulled> {
  return joined((await till.pullAnswers()).map(pulled));
}

/** What a pull gave holds `eventId` of `cardId`: as an event, or in its card read after it. */
const holds = (got: Pulled, cardId: string, eventId: string) =>
  got.events.includes(eventId) || got.cards.includes(cardId);

/**
 * (A card that joins the till's scope goes to a till of protocol 5 as compact state, read when it
 * is sent: stamps elsewhere may be folded in it; only events sent on their own are its scope's.)
 *
 * The north shop, whose tills replicate their region, is in Riverside with the east shop; the
 * west shop is in Hillside. A till of protocol 4 and one of protocol 5 at the north shop each hold
 * a pull at the head of Riverside's view, then `move` (made through `mover`: this instance's store
 * or another's on the same database) takes the north shop to Hillside or out of any region. The
 * held pulls must be answered by the move, from the scope the north shop has now, and never with
 * a stamp of the region it left.
 */
async function moveWhileHeld(
  held: TestServer,
  mover: Store,
  to: "hillside" | "none",
): Promise<void> {
  const { store } = held.services;
  const { north, east, west, hillside } = await riversideAndHillside(held);
  const { merchantId } = north;
  expect(await store.setSyncScope(merchantId, north.locationId, "region")).toBe(true);
  const key = await apiKey(held, north);

  const tills = [
    await TestDevice.pair(held, north, "kiosk", KIOSK_PROTOCOL),
    await TestDevice.pair(held, north, "kiosk", COMPACT_CARDS_PROTOCOL),
  ];
  const eastTill = await TestDevice.pair(held, east);
  const westTill = await TestDevice.pair(held, west);
  const northTill = await TestDevice.pair(held, north);
  const eastCard = (await enroll(held, key, north.programId)).cardId;
  const westCard = (await enroll(held, key, north.programId)).cardId;
  // Used at the north shop alone (a card used there joins its view with its whole history).
  const northCard = (await enroll(held, key, north.programId)).cardId;
  const eastBefore = eastTill.stamp(eastCard);
  expect((await eastTill.sync([eastBefore])).json.accepted).toEqual([eastBefore.id]);
  const westBefore = westTill.stamp(westCard);
  expect((await westTill.sync([westBefore])).json.accepted).toEqual([westBefore.id]);
  for (const till of tills) {
    const got = await pullEverything(till);
    expect(holds(got, eastCard, eastBefore.id)).toBe(true);
    expect(holds(got, westCard, westBefore.id)).toBe(false);
    expect(till.regionVersion).toBeDefined();
  }

  const pulls = tills.map((till) => till.sync([], till.cursor, MAX_PULL_WAIT_SECONDS));
  await vi.waitFor(() => expect(held.services.pullWaits.waiting).toBe(tills.length), {
    timeout: 20_000,
  });
  const target = to === "hillside" ? hillside : null;
  expect(await mover.setLocationRegion(merchantId, north.locationId, target)).toBe(true);
  // Into Hillside, the move alone answers them (its new region has cards they lack).
  const byMove = to === "hillside" ? (await Promise.all(pulls)).map(pulled) : null;
  // A stamp in the region the north shop left (a pull still held in its old scope wakes with it),
  // then one at the north shop, which every scope of its tills holds.
  const eastAfter = eastTill.stamp(eastCard);
  expect((await eastTill.sync([eastAfter])).json.accepted).toEqual([eastAfter.id]);
  const northStamp = northTill.stamp(northCard);
  expect((await northTill.sync([northStamp])).json.accepted).toEqual([northStamp.id]);
  const answers = byMove ?? (await Promise.all(pulls)).map(pulled);
  for (const [i, answer] of answers.entries()) {
    expect(answer.events, `till ${i}`).not.toContain(eastAfter.id);
    // Into Hillside: answered by the move, from Hillside's view (the west card, which Riverside
    // never held). Out of any region: its own scope, which the north shop's stamp woke.
    if (to === "hillside") expect(holds(answer, westCard, westBefore.id), `till ${i}`).toBe(true);
    else expect(holds(answer, northCard, northStamp.id), `till ${i}`).toBe(true);
  }
  // From now on the tills pull the north shop's new scope, never the region it left.
  const eastLater = eastTill.stamp(eastCard);
  expect((await eastTill.sync([eastLater])).json.accepted).toEqual([eastLater.id]);
  for (const [i, till] of tills.entries()) {
    const got = await pullEverything(till);
    const all = joined([answers[i] as Pulled, got]);
    expect(holds(all, northCard, northStamp.id), `till ${i}`).toBe(true);
    expect(all.events, `till ${i}`).not.toContain(eastAfter.id);
    expect(all.events, `till ${i}`).not.toContain(eastLater.id);
    if (to === "hillside") expect(till.regionVersion).toBeDefined();
    else expect(till.regionVersion).toBeUndefined();
  }
}

/**
 * The north shop is in Lakeside with an east shop, its tills replicating its own view; tills of
 * protocol 4 and 5 hold a pull at its head when the merchant (through `mover`) sets the north shop
 * to replicate its region: the setting alone answers them, with the east shop's card.
 */
async function scopeSetWhileHeld(held: TestServer, mover: Store): Promise<void> {
  const { store } = held.services;
  const north = held.seed;
  const { merchantId } = north;
  expect(await store.setSyncScope(merchantId, north.locationId, "location")).toBe(true);
  const east = await newLocation(held, north, "East market");
  const lakeside = crypto.randomUUID();
  const made = { id: lakeside, merchantId, name: "Lakeside", createdAt: Date.now() };
  expect(await store.createRegion(made)).toBe(true);
  for (const shop of [north, east])
    expect(await store.setLocationRegion(merchantId, shop.locationId, lakeside)).toBe(true);
  const key = await apiKey(held, north);
  const tills = [
    await TestDevice.pair(held, north, "kiosk", KIOSK_PROTOCOL),
    await TestDevice.pair(held, north, "kiosk", COMPACT_CARDS_PROTOCOL),
  ];
  const eastTill = await TestDevice.pair(held, east);
  const eastCard = (await enroll(held, key, north.programId)).cardId;
  const eastStamp = eastTill.stamp(eastCard);
  expect((await eastTill.sync([eastStamp])).json.accepted).toEqual([eastStamp.id]);
  for (const till of tills) {
    expect(holds(await pullEverything(till), eastCard, eastStamp.id)).toBe(false);
    expect(till.regionVersion).toBeUndefined();
  }

  const pulls = tills.map((till) => till.sync([], till.cursor, MAX_PULL_WAIT_SECONDS));
  await vi.waitFor(() => expect(held.services.pullWaits.waiting).toBe(tills.length), {
    timeout: 20_000,
  });
  expect(await mover.setSyncScope(merchantId, north.locationId, "region")).toBe(true);
  for (const [i, reply] of (await Promise.all(pulls)).entries())
    expect(holds(pulled(reply), eastCard, eastStamp.id), `till ${i}`).toBe(true);
  for (const till of tills) expect(till.regionVersion).toBeDefined();
}

/** A till's location moving between regions while its pull is held, over HTTP (SC7, SC8). */
describe.each(DATABASES)("a held till's location moves (%s)", (database) => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer({ database });
  });
  afterEach(() => server.close());

  it("to another region: the move answers its held pulls from the new region, never the old", async () => {
    await moveWhileHeld(server, server.services.store, "hillside");
  });

  it("out of its region: the move answers its held pulls, which then pull its own scope", async () => {
    await moveWhileHeld(server, server.services.store, "none");
  });

  it("set to replicate its region: the setting answers its held pulls from the region", async () => {
    await scopeSetWhileHeld(server, server.services.store);
  });
});

describe("a held till's location moves, two instances on one PostgreSQL", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  // Instance B (this process) holds the tills' pulls; the move is made through instance A's store,
  // whose commit reaches B only through PostgreSQL.
  it("the move and the scope setting made on A answer the pulls held on B from the new scope", async () => {
    const { b, a } = await twoPostgresInstances(cleanups);
    await moveWhileHeld(b, a.services.store, "hillside");
    await scopeSetWhileHeld(b, a.services.store);
  }, 120_000);
});
