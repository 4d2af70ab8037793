import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HELD_PULL_GAP_MS, MAX_PULL_WAIT_SECONDS } from "@stamp/wire-protocol";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  apiKey,
  enroll,
  KIOSK_PROTOCOL,
  type Merchant,
  type Reply,
  TestDevice,
  twoShopServer,
} from "../../test/fixtures";
import { holdingPulls, sleepingPulls } from "../../test/held-pulls";
import { lanHttpsOrigin } from "../../test/lan-https-origin";
import { markRequests, statementsDuring } from "../../test/pg-statements";
import { spawnServer } from "../../test/spawn-server";
import { freshPostgresDatabase, type TestPostgresDatabase } from "../../test/test-postgres";
import {
  DATABASES,
  seededServer,
  startServerOn,
  startTestServer,
  TEST_SECRETS_KEY,
  type TestServer,
} from "../../test/test-server";
import { LISTENER_NAME } from "../storage/pg/pg-scope-feed";
import { withPgClient } from "../storage/pg/with-pg-client";

const ids = (reply: Reply): string[] => reply.json.events.map((e: { id: string }) => e.id);

/** The long-poll of POST /api/v1/sync over HTTP (stamp-core SPEC SC7, wire protocol pull-wait). */
describe.each(DATABASES)("held pulls (%s)", (database) => {
  let server: TestServer;
  let key: string;
  let north: Merchant;
  let south: Merchant;

  beforeAll(async () => {
    ({ server, key, north, south } = await twoShopServer(database));
  });
  afterAll(() => server.close());

  it("holds an idle till's pull until a stamp in its scope, then answers with it", async () => {
    const reader = await TestDevice.pair(server, north);
    const stamper = await TestDevice.pair(server, north);
    const { cardId } = await enroll(server, key, north.programId);
    await reader.pullAll();

    const held = reader.sync([], reader.cursor, MAX_PULL_WAIT_SECONDS);
    await holdingPulls(server, 1);
    const stamp = stamper.stamp(cardId);
    expect((await stamper.sync([stamp])).json.accepted).toEqual([stamp.id]);

    const answer = await held;
    expect(answer.status).toBe(200);
    expect(ids(answer)).toEqual([stamp.id]);
    expect(answer.json.maxWait).toBe(MAX_PULL_WAIT_SECONDS);
    // When to ask again: at the till's own moment of the gap (`wait-phase.ts`).
    expect(answer.json.waitAfterMs).toBeGreaterThanOrEqual(0);
    expect(answer.json.waitAfterMs).toBeLessThan(2 * HELD_PULL_GAP_MS);
    expect(server.services.pullWaits.waiting).toBe(0);
  });

  it("is not woken by another location's stamp: it ends at its time with nothing new", async () => {
    const reader = await TestDevice.pair(server, north);
    const southTill = await TestDevice.pair(server, south);
    const { cardId } = await enroll(server, key, north.programId);
    // A first stamp at the south shop makes the card the south shop's (SC1).
    const first = southTill.stamp(cardId);
    await southTill.sync([first]);
    await reader.pullAll();

    const started = performance.now();
    const held = reader.sync([], reader.cursor, 1);
    await holdingPulls(server, 1);
    await southTill.sync([southTill.stamp(cardId)]);
    const answer = await held;
    expect(answer.status).toBe(200);
    expect(answer.json.events).toEqual([]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(answer.json.maxWait).toBe(MAX_PULL_WAIT_SECONDS);
  });

  it("answers a round that pushes events at once, whatever it asks", async () => {
    const till = await TestDevice.pair(server, north);
    const { cardId } = await enroll(server, key, north.programId);
    await till.pullAll();
    const stamp = till.stamp(cardId);
    const reply = await till.sync([stamp], till.cursor, MAX_PULL_WAIT_SECONDS);
    expect(reply.json.accepted).toEqual([stamp.id]);
    expect(reply.json.waitAfterMs).toBeUndefined();
    expect(server.services.pullWaits.waiting).toBe(0);
  }, 10_000);

  it("refuses a wait that is not whole seconds from 1 to 25 (400), and offers it on every answer", async () => {
    const till = await TestDevice.pair(server, north);
    for (const wait of [0, 26, 2.5, "5"]) {
      const reply = await till.sync([], till.cursor, wait as number);
      expect(reply.status).toBe(400);
      expect(reply.json.error.code).toBe("invalid-body");
    }
    const unasked = await till.sync();
    expect(unasked.json.maxWait).toBe(MAX_PULL_WAIT_SECONDS);
    expect(unasked.json.waitAfterMs).toBeUndefined();
  });
});

describe.each(DATABASES)("held pulls: bounds and shutdown (%s)", (database) => {
  it("holds one pull per device and two per merchant, answers the rest at once, and answers every held pull at shutdown, on plain HTTP and on the LAN HTTPS", async () => {
    const server = await startTestServer({
      database,
      pullWaitLimits: { perMerchant: 2, total: 100 },
    });
    const lan = lanHttpsOrigin(server);
    let closed = false;
    try {
      const tills = [];
      for (let i = 0; i < 4; i++) tills.push(await TestDevice.pair(server));
      for (const till of tills) await till.pullAll();
      const [first] = tills as [TestDevice];

      // A till asking again (its connection lost, say; here over the shop network's HTTPS, as
      // tablets do) ends its older pull: one per device.
      const older = first.sync([], first.cursor, MAX_PULL_WAIT_SECONDS);
      await holdingPulls(server, 1);
      const overHttps = new TestDevice(lan, first.deviceId, first.token, first.merchant);
      const newer = overHttps.sync([], first.cursor, MAX_PULL_WAIT_SECONDS);
      const ended = await older;
      expect(ended.status).toBe(200);
      expect(ended.json.events).toEqual([]);
      await holdingPulls(server, 1);

      // Three more at once: one place is left for them; the others are told to poll on a timer.
      const answered: Reply[] = [];
      const rest = tills
        .slice(1)
        .map((till) => till.sync([], till.cursor, MAX_PULL_WAIT_SECONDS))
        .map(async (reply) => {
          const r = await reply;
          answered.push(r);
          return r;
        });
      await vi.waitFor(() => expect(answered).toHaveLength(2), { timeout: 20_000 });
      await holdingPulls(server, 2);
      for (const reply of answered) {
        expect(reply.status).toBe(200);
        expect(reply.json.maxWait).toBeUndefined();
      }

      // Shutdown answers what it holds on both listeners: nothing new, never a cut connection.
      await server.close();
      closed = true;
      const held = [await newer, ...(await Promise.all(rest))].filter(
        (reply) => reply.json.maxWait !== undefined,
      );
      expect(held).toHaveLength(2);
      for (const reply of held) {
        expect(reply.status).toBe(200);
        expect(reply.json.events).toEqual([]);
      }
    } finally {
      if (!closed) await server.close();
      await lan.close();
    }
  }, 60_000);
});

describe("held pulls across two instances on one PostgreSQL", () => {
  let database: TestPostgresDatabase;
  const dirs: string[] = [];
  const stops: (() => Promise<void>)[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "stamp-long-poll-"));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    database = await freshPostgresDatabase();
  });
  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop()));
    await database?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  // Instance A is a process of its own (`stampd serve`), so nothing but PostgreSQL can carry the
  // wake-up to instance B; B runs in the test's process, where the pulls it holds can be counted.
  // Starting a process takes ~10 s on a loaded machine, hence the longer timeout.
  it("a stamp taken by instance A (another process) wakes a pull held by instance B, also after both lost their listening connections", async () => {
    const bDir = dataDir();
    const b = await startServerOn(bDir, { databaseUrl: database.url });
    stops.push(() => b.close());
    const a = await spawnServer(dataDir(), {
      DATABASE_URL: database.url,
      SECRETS_KEY: Buffer.from(TEST_SECRETS_KEY).toString("base64"),
    });
    stops.push(() => a.stop());
    const onB = seededServer(b, bDir, database.url);
    const { seed } = onB;
    const key = await apiKey(onB, seed);
    const stamper = await TestDevice.pair(onB, seed, "kiosk", KIOSK_PROTOCOL, a);
    const reader = await TestDevice.pair(onB, seed);
    const { cardId } = await enroll(onB, key, seed.programId);
    await reader.pullAll();

    const stampWakes = async () => {
      const held = reader.sync([], reader.cursor, MAX_PULL_WAIT_SECONDS);
      await holdingPulls(b, 1);
      const stamp = stamper.stamp(cardId);
      expect((await stamper.sync([stamp])).json.accepted).toEqual([stamp.id]);
      expect(ids(await held)).toEqual([stamp.id]);
    };
    await stampWakes();

    // Tills of one location held on B and woken by one stamp on A read B's database once between
    // them, not once each: their pages are cut from the scope's tail (`scope-tail.ts`).
    const readers = [reader];
    for (let i = 1; i < 12; i++) readers.push(await TestDevice.pair(onB, seed));
    for (const till of readers) await till.pullAll();
    const unmark = markRequests();
    stops.push(async () => unmark());
    const held = readers.map((till) => till.sync([], till.cursor, MAX_PULL_WAIT_SECONDS));
    // Asleep, not just held: a pull takes its place before it reads its first page, and one still
    // reading as the stamp commits reads the tail itself; the notice then has the others read again.
    await sleepingPulls(b, readers.length);
    const sent = await statementsDuring(async () => {
      const stamp = stamper.stamp(cardId);
      expect((await stamper.sync([stamp])).json.accepted).toEqual([stamp.id]);
      for (const answer of await Promise.all(held)) expect(ids(answer)).toEqual([stamp.id]);
    });
    const named = (name: string) => sent.filter((statement) => statement === name).length;
    expect(named("view-tail-scope")).toBe(1);
    expect(named("scope-head") + named("scope-page")).toBe(0);

    // The database drops both listening connections (a restart, a proxy): each instance
    // connects again on its own, and held pulls are woken across instances as before.
    const listenerPids = () =>
      withPgClient(database.url, async (client) =>
        (
          await client.query<{ pid: number }>(
            "SELECT pid FROM pg_stat_activity WHERE application_name = $1",
            [LISTENER_NAME],
          )
        ).rows.map((row) => row.pid),
      );
    const lost = await listenerPids();
    expect(lost).toHaveLength(2);
    await withPgClient(database.url, (client) =>
      client.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [lost]),
    );
    await vi.waitFor(
      async () =>
        expect((await listenerPids()).filter((pid) => !lost.includes(pid))).toHaveLength(2),
      { timeout: 20_000, interval: 200 },
    );
    await stampWakes();
  }, 120_000);
});
