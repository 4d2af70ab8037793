import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seededRandom } from "@stamp/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type Merchant, TestDevice } from "../../test/fixtures";
import { type SpawnedServer, spawnServer } from "../../test/spawn-server";
import { freshPostgresDatabase, type TestPostgresDatabase } from "../../test/test-postgres";
import { createApiKey } from "../api-keys/api-key";
import { createPairingCode } from "../devices/create-pairing-code";
import { openPgStorage } from "../storage/pg/pg-storage";

const TILLS = 8;
const ROUNDS = 25;
const CARDS = 12;
/** Every instance's SECRETS_KEY: they sign with the keys the database keeps, sealed with it. */
const SECRETS_KEY = randomBytes(32).toString("base64");

let database: TestPostgresDatabase;
const dirs: string[] = [];
const instances: SpawnedServer[] = [];

beforeAll(async () => {
  database = await freshPostgresDatabase();
});
afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop()));
  await database?.drop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("two server instances on one PostgreSQL", () => {
  it("every till ends with every event, none lost or doubled, while tills hit both at random", async () => {
    const env = { DATABASE_URL: database.url, SECRETS_KEY };
    const dirA = mkdtempSync(join(tmpdir(), "stamp-two-a-"));
    const dirB = mkdtempSync(join(tmpdir(), "stamp-two-b-"));
    dirs.push(dirA, dirB);
    const a = await spawnServer(dirA, env);
    instances.push(a);
    const start = a.summary.firstStart;
    if (!start) throw new Error("expected a first start on an empty database");
    const b = await spawnServer(dirB, env);
    instances.push(b);
    expect(b.summary.firstStart).toBeNull();
    const servers = [a, b];
    const merchant: Merchant = {
      merchantId: start.merchantId,
      locationId: start.locationId,
      programId: start.programId,
    };

    // Keys and pairing codes as the CLI makes them, through a third pool on the database.
    const storage = await openPgStorage(database.url, { poolSize: 1 });
    const admin = { store: storage.store, now: Date.now };
    const created = await createApiKey(admin, merchant.merchantId, "POS");
    const codes = [];
    for (let i = 0; i < TILLS; i++) codes.push(await createPairingCode(admin, merchant));
    await storage.close();
    if (!created.ok) throw new Error(created.reason);
    const key = created.key;
    const tills: TestDevice[] = [];
    for (const [i, made] of codes.entries()) {
      if (!made.ok) throw new Error(made.reason);
      const { code } = made;
      const server = servers[i % 2] as SpawnedServer;
      const paired = await call(server, "POST", "/api/v1/devices/pair", {
        body: { code, name: `Till ${i}`, mode: "staff" },
      });
      expect(paired.status).toBe(201);
      tills.push(new TestDevice(server, paired.json.deviceId, paired.json.token, merchant));
    }
    const cards: string[] = [];
    for (let i = 0; i < CARDS; i++) {
      const enrolled = await call(servers[i % 2] as SpawnedServer, "POST", "/api/v1/cards", {
        token: key,
        body: { programId: merchant.programId },
      });
      cards.push(enrolled.json.cardId);
    }

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
    // Both instances tell the same card states, adding up to what was sent.
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
    expect((states[0] as number[]).reduce((x, y) => x + y, 0)).toBe(sent.size);
  }, 120_000);
});
