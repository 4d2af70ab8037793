import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seededRandom } from "@stamp/core/testing";
import { PROTOCOL_HEADER, type SyncScope } from "@stamp/wire-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstStartMerchant } from "../../test/first-start";
import {
  addLocation,
  call,
  type Merchant,
  type PulledEvent,
  TestDevice,
} from "../../test/fixtures";
import { type SpawnedServer, spawnServer } from "../../test/spawn-server";
import { freshPostgresDatabase, type TestPostgresDatabase } from "../../test/test-postgres";
import { createApiKey } from "../api-keys/api-key";
import { createPairingCode } from "../devices/create-pairing-code";
import { openPgStorage } from "../storage/pg/pg-storage";
import type { Storage } from "../storage/storage";

const TILLS = 8;
const ROUNDS = 25;
const CARDS = 12;
/** Every instance's SECRETS_KEY: they sign with the keys the database keeps, sealed with it. */
const SECRETS_KEY = randomBytes(32).toString("base64");

let database: TestPostgresDatabase;
const dirs: string[] = [];
const instances: SpawnedServer[] = [];
let servers: SpawnedServer[];
let merchant: Merchant;
/** The CLI's view of the database (keys, pairing codes, locations), through a pool of its own. */
let storage: Storage;
let key: string;

beforeAll(async () => {
  database = await freshPostgresDatabase();
  const env = { DATABASE_URL: database.url, SECRETS_KEY };
  const dirA = mkdtempSync(join(tmpdir(), "stamp-two-a-"));
  const dirB = mkdtempSync(join(tmpdir(), "stamp-two-b-"));
  dirs.push(dirA, dirB);
  const a = await spawnServer(dirA, env);
  instances.push(a);
  merchant = firstStartMerchant(a);
  const b = await spawnServer(dirB, env);
  instances.push(b);
  expect(b.summary.firstStart).toBeNull();
  servers = [a, b];
  storage = await openPgStorage(database.url, { poolSize: 1 });
  const created = await createApiKey(cli(), merchant.merchantId, "POS");
  if (!created.ok) throw new Error(created.reason);
  key = created.key;
}, 120_000);
afterAll(async () => {
  await storage?.close();
  await Promise.all(instances.map((i) => i.stop()));
  await database?.drop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const cli = () => ({ store: storage.store, now: Date.now });

/** Pairs `count` tills at `at`, by turns on each instance, with codes made as the CLI makes them. */
async function pairTills(at: Merchant, count: number): Promise<TestDevice[]> {
  const tills: TestDevice[] = [];
  for (let i = 0; i < count; i++) {
    const made = await createPairingCode(cli(), at);
    if (!made.ok) throw new Error(made.reason);
    const server = servers[i % 2] as SpawnedServer;
    const paired = await call(server, "POST", "/api/v1/devices/pair", {
      body: { code: made.code, name: `Till ${i}`, mode: "staff" },
    });
    expect(paired.status).toBe(201);
    tills.push(new TestDevice(server, paired.json.deviceId, paired.json.token, at));
  }
  return tills;
}

/** Cards made through the API, by turns on each instance (no location yet, SC1). */
async function enrollCards(count: number): Promise<string[]> {
  const cards: string[] = [];
  for (let i = 0; i < count; i++) {
    const enrolled = await call(servers[i % 2] as SpawnedServer, "POST", "/api/v1/cards", {
      token: key,
      body: { programId: merchant.programId },
    });
    cards.push(enrolled.json.cardId);
  }
  return cards;
}

/** Both instances tell the same card states; their stamps add up to `stamps`. */
async function expectSameStates(cards: readonly string[], stamps: number): Promise<void> {
  const states = await Promise.all(
    servers.map((server) =>
      Promise.all(
        cards.map(async (card) => {
          const answer = await call(server, "GET", `/api/v1/cards/${card}`, { token: key });
          return answer.json.lifetimeStamps as number;
        }),
      ),
    ),
  );
  expect(states[0]).toEqual(states[1]);
  expect((states[0] as number[]).reduce((x, y) => x + y, 0)).toBe(stamps);
}

describe("two server instances on one PostgreSQL", () => {
  it("every till ends with every event, none lost or doubled, while tills hit both at random", async () => {
    const tills = await pairTills(merchant, TILLS);
    const cards = await enrollCards(CARDS);

    // Each till: rounds of 0–3 stamps and a pull, each round through either instance (a load
    // balancer), all tills at once, so commits of the two instances interleave.
    const random = seededRandom(13);
    const sent = new Set<string>();
    const mine = tills.map(() => new Set<string>());
    const seen = tills.map(() => new Map<string, number>());
    const receive = (till: number, events: { id: string }[]) => {
      for (const event of events) {
        const map = seen[till] as Map<string, number>;
        map.set(event.id, (map.get(event.id) ?? 0) + 1);
      }
    };
    const plans = tills.map(() =>
      Array.from({ length: ROUNDS }, () => ({
        server: Math.floor(random() * 2),
        cards: Array.from(
          { length: Math.floor(random() * 4) },
          () => cards[Math.floor(random() * CARDS)] as string,
        ),
      })),
    );
    await Promise.all(
      tills.map(async (till, t) => {
        for (const round of plans[t] ?? []) {
          const events = round.cards.map((card) => till.stamp(card));
          const at = servers[round.server] as SpawnedServer;
          const reply = await call(at, "POST", "/api/v1/sync", {
            token: till.token,
            body: { cursor: till.cursor, events },
          });
          expect(reply.status, reply.text).toBe(200);
          expect(reply.json.accepted).toHaveLength(events.length);
          for (const event of events) {
            sent.add(event.id);
            mine[t]?.add(event.id);
          }
          receive(t, reply.json.events);
          till.cursor = reply.json.cursor;
        }
      }),
    );
    // Then each drains what is left, from either instance.
    await Promise.all(
      tills.map(async (till, t) => {
        for (let more = true, turn = 0; more; turn++) {
          const reply = await call(servers[turn % 2] as SpawnedServer, "POST", "/api/v1/sync", {
            token: till.token,
            body: { cursor: till.cursor, events: [] },
          });
          expect(reply.status).toBe(200);
          receive(t, reply.json.events);
          till.cursor = reply.json.cursor;
          more = reply.json.more;
        }
      }),
    );

    expect(sent.size).toBeGreaterThan(TILLS * ROUNDS);
    for (const [t, map] of seen.entries()) {
      // Nothing doubled: each event reached the till once.
      expect([...map.values()].filter((n) => n !== 1)).toEqual([]);
      // Nothing lost: every other till's stamp reached it.
      const own = mine[t] as Set<string>;
      expect([...sent].filter((id) => !own.has(id) && !map.has(id))).toEqual([]);
    }
    await expectSameStates(cards, sent.size);
  }, 120_000);

  it("tills in location, region and merchant scopes converge on their own cards while customers move between shops and regions (SC1–SC4, SC8)", async () => {
    const shop = async (name: string, scope: SyncScope): Promise<Merchant> => {
      const made = await addLocation(storage.store, merchant, name);
      if (scope === "merchant")
        expect(await storage.store.setSyncScope(merchant.merchantId, made.locationId, scope)).toBe(
          true,
        );
      return made;
    };
    // Shops that replicate their own cards, an east shop that replicates its region's (east and
    // west), and a corner kiosk that holds the merchant's.
    const [north, south, east, west] = [
      await shop("North", "location"),
      await shop("South", "location"),
      await shop("East", "location"),
      await shop("West", "location"),
    ] as [Merchant, Merchant, Merchant, Merchant];
    const shops = [north, south, east, west];
    const corner = await shop("Corner", "merchant");
    const inRegion = async (name: string, members: readonly Merchant[]) => {
      const id = randomUUID();
      const region = { id, merchantId: merchant.merchantId, name, createdAt: Date.now() };
      expect(await storage.store.createRegion(region)).toBe(true);
      for (const m of members)
        expect(await storage.store.setLocationRegion(merchant.merchantId, m.locationId, id)).toBe(
          true,
        );
    };
    await inRegion("Inland", [north, south]);
    await inRegion("Harbour", [east, west]);
    expect(await storage.store.setSyncScope(merchant.merchantId, east.locationId, "region")).toBe(
      true,
    );
    const harbour = new Set([east.locationId, west.locationId]);
    const tills = [
      ...(await pairTills(north, 2)),
      ...(await pairTills(south, 2)),
      ...(await pairTills(corner, 2)),
      ...(await pairTills(east, 2)),
      ...(await pairTills(west, 1)),
    ];
    const [locationTills, cornerTills, regionTills] = [
      [0, 1, 2, 3, 8],
      [4, 5],
      [6, 7],
    ];
    const cards = await enrollCards(CARDS);
    const ours = new Set(cards);

    // Each round: 0–3 stamps, each on a card of the till's shop (cards by turns), one in four on
    // any card (a customer visiting another shop: the card joins it, SC1), through either instance.
    const random = seededRandom(29);
    const sent = new Map<string, string>(); // event id → card
    const usedAt = new Map<string, Set<string>>(cards.map((c) => [c, new Set()]));
    const mine = tills.map(() => new Set<string>());
    const seen = tills.map(() => new Map<string, { card: string; type: string; n: number }>());
    const round = async (t: number, server: SpawnedServer, events: unknown[]) => {
      const till = tills[t] as TestDevice;
      const reply = await call(server, "POST", "/api/v1/sync", {
        token: till.token,
        body: { cursor: till.cursor, events },
        headers: { [PROTOCOL_HEADER]: String(till.protocol) },
      });
      expect(reply.status, reply.text).toBe(200);
      expect(reply.json.accepted).toHaveLength(events.length);
      for (const event of reply.json.events as PulledEvent[]) {
        const got = seen[t]?.get(event.id);
        seen[t]?.set(event.id, { card: event.cardId, type: event.type, n: (got?.n ?? 0) + 1 });
      }
      till.cursor = reply.json.cursor;
      return reply.json.more as boolean;
    };
    await Promise.all(
      tills.map(async (till, t) => {
        const home = shops.indexOf(till.merchant);
        for (let r = 0; r < ROUNDS; r++) {
          const events = Array.from({ length: Math.floor(random() * 4) }, () => {
            const visit = home < 0 || random() < 0.25;
            const pick = visit
              ? Math.floor(random() * CARDS)
              : home + shops.length * Math.floor((random() * CARDS) / shops.length);
            const card = cards[pick] as string;
            const event = till.stamp(card);
            sent.set(event.id, card);
            mine[t]?.add(event.id);
            usedAt.get(card)?.add(till.merchant.locationId);
            return event;
          });
          await round(t, servers[Math.floor(random() * 2)] as SpawnedServer, events);
        }
      }),
    );
    await Promise.all(
      tills.map(async (_, t) => {
        for (let turn = 0, more = true; more; turn++)
          more = await round(t, servers[turn % 2] as SpawnedServer, []);
      }),
    );

    // The corner kiosk received every event of the others, once, and every card's enrolment.
    const enrolments = new Set<string>();
    for (const t of cornerTills) {
      const got = seen[t] as Map<string, { card: string; type: string; n: number }>;
      expect([...got.values()].filter((e) => e.n !== 1)).toEqual([]);
      expect([...sent.keys()].filter((id) => !mine[t]?.has(id) && !got.has(id))).toEqual([]);
      for (const [id, e] of got)
        if (ours.has(e.card) && e.type === "card.enrolled") enrolments.add(id);
      expect(tills[t]?.cursor).not.toMatch(/-l$/);
    }
    expect(enrolments.size).toBe(CARDS);
    // A shop's till received exactly the events of the cards used at its shop (the east shop's:
    // at any shop of its region) — their whole history, whenever they arrived — and every new
    // card's enrolment (SC2), once; nothing else.
    for (const t of [...locationTills, ...regionTills]) {
      const till = tills[t] as TestDevice;
      const got = seen[t] as Map<string, { card: string; type: string; n: number }>;
      const places = regionTills.includes(t) ? harbour : new Set([till.merchant.locationId]);
      const expected = new Set(enrolments);
      for (const [id, card] of sent)
        if ([...(usedAt.get(card) ?? [])].some((at) => places.has(at)) && !mine[t]?.has(id))
          expected.add(id);
      const received = [...got].filter(([, e]) => ours.has(e.card));
      expect(received.filter(([, e]) => e.n !== 1)).toEqual([]);
      expect(new Set(received.map(([id]) => id))).toEqual(expected);
      // Of the merchant's other cards it holds nothing but enrolments shown to every shop.
      expect(
        [...got.values()].filter((e) => !ours.has(e.card) && e.type !== "card.enrolled"),
      ).toEqual([]);
      expect(till.cursor).toMatch(regionTills.includes(t) ? /-r[0-9]+$/ : /-l$/);
    }
    // Customers did move: some cards were used at two shops, some in both regions.
    const used = (card: string, at: Merchant) => usedAt.get(card)?.has(at.locationId);
    expect(cards.filter((c) => used(c, north) && used(c, south))).not.toEqual([]);
    const inBoth = (c: string) =>
      (used(c, north) || used(c, south)) && (used(c, east) || used(c, west));
    expect(cards.filter(inBoth)).not.toEqual([]);
    await expectSameStates(cards, sent.size);
  }, 120_000);
});
