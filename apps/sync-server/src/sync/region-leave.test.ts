import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMPACT_CARDS_PROTOCOL, MAX_PULL_WAIT_SECONDS } from "@stamp/wire-protocol";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  apiKey,
  enroll,
  KIOSK_PROTOCOL,
  newLocation,
  type Origin,
  type Reply,
  TestDevice,
} from "../../test/fixtures";
import { spawnServer } from "../../test/spawn-server";
import { freshPostgresDatabase } from "../../test/test-postgres";
import {
  DATABASES,
  seededServer,
  startServerOn,
  startTestServer,
  TEST_SECRETS_KEY,
  type TestServer,
} from "../../test/test-server";

const ids = (reply: Reply): string[] => reply.json.events.map((e: { id: string }) => e.id);

/** The events of an answer, a compact card's tail events too, and its compact cards. */
function pulled(reply: Reply): { events: string[]; cards: string[] } {
  expect(reply.status, reply.text).toBe(200);
  const cards: { cardId: string; tail: { id: string }[] }[] = reply.json.cards ?? [];
  return {
    events: [...ids(reply), ...cards.flatMap((card) => card.tail.map((e) => e.id))],
    cards: cards.map((card) => card.cardId),
  };
}

/** Everything a till pulls until the server has nothing more (`pulled`). */
async function pullEverything(till: TestDevice): Promise<{ events: string[]; cards: string[] }> {
  const pages = (await till.pullAnswers()).map(pulled);
  return {
    events: pages.flatMap((page) => page.events),
    cards: pages.flatMap((page) => page.cards),
  };
}

/** What a pull gave holds `eventId` of `cardId`: as an event, or in its card read after it. */
function expectHeld(
  pulled: { events: string[]; cards: string[] },
  cardId: string,
  eventId: string,
) {
  expect(pulled.events.includes(eventId) || pulled.cards.includes(cardId)).toBe(true);
}

/**
 * A location leaving a region deletes its cards' `card_regions` rows (and its `region_members`
 * row of the region's version) without a new region version, so the scope tail (`scope-tail.ts`,
 * keyed by region version) and held pulls keep their entry for the region. Pinned here: the
 * region's view up to the log's head does not change when a location leaves (no `scope_log` row
 * goes or comes), so what the tail kept and what a held pull was cut from stay true; only the
 * left location's cards' later events stay out of it. `held` holds the region till's pulls and its
 * tail; `front` takes the other tills' stamps (another process, or the same).
 */
async function leaveAndComeBack(held: TestServer, front: Origin) {
  const { store } = held.services;
  const north = held.seed;
  const south = await newLocation(held, north, "South shop");
  const regionId = crypto.randomUUID();
  const { merchantId } = north;
  const made = { id: regionId, merchantId, name: "Riverside", createdAt: Date.now() };
  expect(await store.createRegion(made)).toBe(true);
  for (const shop of [north, south])
    expect(await store.setLocationRegion(merchantId, shop.locationId, regionId)).toBe(true);
  expect(await store.setSyncScope(merchantId, north.locationId, "region")).toBe(true);
  const key = await apiKey(held, north);

  const regionTill = await TestDevice.pair(held, north, "kiosk", COMPACT_CARDS_PROTOCOL);
  const stamper = await TestDevice.pair(held, north, "kiosk", KIOSK_PROTOCOL, front);
  const southTill = await TestDevice.pair(held, south, "kiosk", KIOSK_PROTOCOL, front);
  const southCard = (await enroll(held, key, north.programId)).cardId;
  const northCard = (await enroll(held, key, north.programId)).cardId;
  const before = southTill.stamp(southCard);
  expect((await southTill.sync([before])).json.accepted).toEqual([before.id]);
  expectHeld(await pullEverything(regionTill), southCard, before.id);
  const version = regionTill.regionVersion;
  expect(version).toBeDefined();

  // Held at the head of the region's view (its tail kept), the south shop leaves the region, then
  // stamps its card: the held pull is answered with the north shop's stamp alone.
  const pull = regionTill.sync([], regionTill.cursor, MAX_PULL_WAIT_SECONDS);
  await vi.waitFor(() => expect(held.services.pullWaits.waiting).toBe(1), { timeout: 20_000 });
  expect(await store.setLocationRegion(merchantId, south.locationId, null)).toBe(true);
  const away = southTill.stamp(southCard);
  expect((await southTill.sync([away])).json.accepted).toEqual([away.id]);
  const north1 = stamper.stamp(northCard);
  expect((await stamper.sync([north1])).json.accepted).toEqual([north1.id]);
  // (The north card goes out compact: its first stamp at the north shop brings it to the region.)
  const answer = pulled(await pull);
  expectHeld(answer, northCard, north1.id);
  expect(answer.cards.filter((card) => card !== northCard)).toEqual([]);
  expect(answer.events).not.toContain(away.id);
  // No new version: the till pulls on from its cursor, and never receives the stamp away.
  expect(regionTill.regionVersion).toBe(version);
  expect((await pullEverything(regionTill)).events).toEqual([]);
  // A till that starts over in the region now: the card's history up to the leave, not after.
  const fresh = await TestDevice.pair(held, north);
  const all = await fresh.pullAll();
  expect(all.map((e) => e.id)).toEqual(expect.arrayContaining([before.id, north1.id]));
  expect(all.map((e) => e.id)).not.toContain(away.id);

  // Back in the region (a new version): the till, whose cursor's version no longer lists the
  // south shop (`regionMembers`), gets the card again, with the stamp it missed while away.
  expect(await store.setLocationRegion(merchantId, south.locationId, regionId)).toBe(true);
  const back = await pullEverything(regionTill);
  expect(back.cards).toContain(southCard);
  expectHeld(back, southCard, away.id);
  expect(regionTill.regionVersion).not.toBe(version);
}

/** A location leaving a region and coming back, over HTTP (stamp-core SPEC SC8). */
describe.each(DATABASES)("a location leaves a region (%s)", (database) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ database });
  });
  afterAll(() => server.close());

  it("takes its cards' later events out of the region's held pulls and tail without a new version, and back in the region the region's tills get what they missed (SC8)", async () => {
    await leaveAndComeBack(server, server);
  });
});

describe("a location leaves a region, two instances on one PostgreSQL", () => {
  const dirs: string[] = [];
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "stamp-region-leave-"));
    dirs.push(dir);
    return dir;
  };

  // Instance B (in this process) holds the region till's pulls and tail; instance A (a process of
  // its own) takes every other till's stamps, with its own view of the devices' places.
  it("answers the region till held on B with none of the left shop's stamps taken by A (SC8)", async () => {
    const database = await freshPostgresDatabase();
    stops.push(() => database.drop());
    const dir = dataDir();
    const b = await startServerOn(dir, { databaseUrl: database.url });
    stops.push(() => b.close());
    const a = await spawnServer(dataDir(), {
      DATABASE_URL: database.url,
      SECRETS_KEY: Buffer.from(TEST_SECRETS_KEY).toString("base64"),
    });
    stops.push(() => a.stop());
    await leaveAndComeBack(seededServer(b, dir, database.url), a);
  }, 120_000);
});
