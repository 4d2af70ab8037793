import { randomUUID } from "node:crypto";
import { checkPinVerifier, PIN_HASH_COSTS, PROTOCOL_HEADER } from "@stamp/wire-protocol";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { anotherMerchant, apiKey, call, enroll, TestDevice } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { nodeScrypt } from "./personal-pin";

/** Personal staff PINs and `staffId` on till events over HTTP (stamp-core SPEC V9, API.md). */
describe.each(DATABASES)("till staff (%s)", (database) => {
  let server: TestServer;
  let owner: AdminBrowser;
  let key: string;

  beforeAll(async () => {
    server = await startTestServer({ database });
    owner = await AdminBrowser.signedIn(server);
    key = await apiKey(server, server.seed);
  });
  afterAll(() => server.close());

  /** Adds a till-only staff member at the seed location through the admin page. */
  async function addStaff(name: string, pin: string) {
    return owner.submit("/admin/staff", "/admin/staff", {
      name,
      account: "",
      locations: [server.seed.locationId],
      pin,
      pinConfirm: pin,
    });
  }
  const staffNamed = async (name: string) =>
    (await server.services.store.listStaff(server.seed.merchantId)).find((s) => s.name === name);

  it("V9: staff get personal PINs, unique per location, and tills get them to sign in offline", async () => {
    expect((await addStaff("Anna", "4821")).status).toBe(303);
    const twin = await addStaff("Ben", "4821");
    expect(twin.status).toBe(409);
    expect(twin.html).toContain("Someone at the same location has this PIN");
    expect(await staffNamed("Ben")).toBeUndefined();
    const bad = await addStaff("Ben", "12");
    expect(bad.status).toBe(422);
    expect((await addStaff("Ben", "")).status).toBe(303);
    const badIdle = await owner.submit(
      "/admin/staff",
      `/admin/staff/sign-in/${server.seed.locationId}`,
      { required: "1", idleMinutes: "0" },
    );
    expect(badIdle.status).toBe(422);
    expect(badIdle.html).toContain(`id="sign-in-${server.seed.locationId}-error"`);
    const signIn = await owner.submit(
      "/admin/staff",
      `/admin/staff/sign-in/${server.seed.locationId}`,
      { required: "1", idleMinutes: "7" },
    );
    expect(signIn.status).toBe(303);

    const till = await TestDevice.pair(server);
    const me = await call(server, "GET", "/api/v1/devices/me", { token: till.token });
    expect(me.json.staffSignIn).toEqual({ required: true, idleMinutes: 7 });
    // Ben has no PIN yet: he cannot sign in, so the till does not list him.
    expect(me.json.staff.map((s: { name: string }) => s.name)).toEqual(["Anna"]);
    const [anna] = me.json.staff;
    // Made at the test server's PIN_HASH_COST, which the verifier carries.
    expect(anna.pin).toMatchObject({ kdf: "scrypt", N: 2 ** PIN_HASH_COSTS.min, r: 8, p: 1 });
    expect(await checkPinVerifier("4821", anna.pin, nodeScrypt)).toBe(true);
    expect(await checkPinVerifier("4822", anna.pin, nodeScrypt)).toBe(false);
    expect(JSON.stringify(me.json)).not.toContain("4821");

    // Ben's PIN, set by the owner on his page: Anna's is taken.
    const ben = await staffNamed("Ben");
    const taken = await owner.submit(`/admin/staff/${ben?.id}`, `/admin/staff/${ben?.id}/pin`, {
      pin: "4821",
      pinConfirm: "4821",
    });
    expect(taken.status).toBe(409);
    const set = await owner.submit(`/admin/staff/${ben?.id}`, `/admin/staff/${ben?.id}/pin`, {
      pin: "135790",
      pinConfirm: "135790",
    });
    expect(set.status).toBe(303);
    const again = await call(server, "GET", "/api/v1/devices/me", { token: till.token });
    expect(again.json.staff.map((s: { name: string }) => s.name)).toEqual(["Anna", "Ben"]);
  });

  it("V9: a till's events carry who worked it; unknown or foreign staff are refused and nothing is stored", async () => {
    const anna = await staffNamed("Anna");
    const till = await TestDevice.pair(server);
    const card = (await enroll(server, key, server.seed.programId)).cardId;
    const stamp = till.event("stamps.added", card, {
      count: 1,
      channel: "staff",
      staffId: anna?.id,
    });
    const undo = till.event("stamps.revoked", card, {
      targetId: stamp.id,
      reason: "wrong card",
      staffId: anna?.id,
    });
    const stranger = till.event("stamps.added", card, {
      count: 1,
      channel: "staff",
      staffId: randomUUID(),
    });
    const other = await anotherMerchant(server, "Other Cafe");
    await server.services.store.createStaff({
      id: randomUUID(),
      merchantId: other.merchantId,
      name: "Zed",
      adminUserId: null,
      locationIds: [other.locationId],
      pin: null,
      createdAt: Date.now(),
    });
    const zed = (await server.services.store.listStaff(other.merchantId))[0];
    const foreign = till.event("stamps.added", card, {
      count: 1,
      channel: "staff",
      staffId: zed?.id,
    });
    const reply = await till.sync([stamp, undo, stranger, foreign]);
    expect(reply.status).toBe(200);
    expect(reply.json.accepted).toEqual([stamp.id, undo.id]);
    expect(
      reply.json.rejected.map((r: { index: number; code: string }) => [r.index, r.code]),
    ).toEqual([
      [2, "unknown-staff"],
      [3, "unknown-staff"],
    ]);
    const history = await server.services.store.cardHistory(server.seed.merchantId, card);
    expect(history.map((h) => h.event.id)).not.toContain(stranger.id);
    expect(history.find((h) => h.event.id === undo.id)?.event.staffId).toBe(anna?.id);

    // The admin's card history and the events export name her.
    const page = await owner.get(`/admin/cards/${card}`);
    expect(page.html).toContain(`data-staff="${anna?.id}"><bdi>Anna</bdi>`);
    const csv = await call(server, "GET", "/api/v1/exports/events.csv", { token: key });
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.eventId === undo.id)).toMatchObject({
      staffId: anna?.id,
      staffName: "Anna",
      type: "stamps.revoked",
    });

    // A kiosk from before protocol 3 refuses staffId on other events than stamps.added: it is
    // served them without it.
    const reader = await TestDevice.pair(server);
    const old = await call(server, "POST", "/api/v1/sync", {
      token: reader.token,
      body: { cursor: null, events: [] },
      headers: { [PROTOCOL_HEADER]: "2" },
    });
    const pulled = old.json.events as { id: string; staffId?: string }[];
    expect(pulled.find((e) => e.id === undo.id)).not.toHaveProperty("staffId");
    expect(pulled.find((e) => e.id === stamp.id)?.staffId).toBe(anna?.id);
  });

  it("V9: a removed staff member leaves the tills, and the stamps a till made offline with them still arrive", async () => {
    const ben = await staffNamed("Ben");
    const till = await TestDevice.pair(server);
    const card = (await enroll(server, key, server.seed.programId)).cardId;
    const offline = till.event("stamps.added", card, {
      count: 1,
      channel: "staff",
      staffId: ben?.id,
    });
    const removed = await owner.submit(
      `/admin/staff/${ben?.id}`,
      `/admin/staff/${ben?.id}/remove`,
      {},
    );
    expect(removed.status).toBe(303);
    const me = await call(server, "GET", "/api/v1/devices/me", { token: till.token });
    expect(me.json.staff.map((s: { name: string }) => s.name)).toEqual(["Anna"]);
    const reply = await till.sync([offline]);
    expect(reply.json.accepted).toEqual([offline.id]);
    const page = await owner.get(`/admin/cards/${card}`);
    expect(page.html).toContain("<bdi>Ben</bdi>");
  });

  it("an admin on the till staff sets their own PIN on My account; others are told how to get one", async () => {
    const before = await owner.get("/admin/account");
    expect(before.html).toContain("You are not on the till staff");
    const accountId = (await server.services.store.findAdminByEmail(server.seed.adminEmail))?.id;
    const added = await owner.submit("/admin/staff", "/admin/staff", {
      name: "The owner",
      account: accountId ?? "",
      locations: [server.seed.locationId],
    });
    expect(added.status).toBe(303);
    const taken = await owner.submit("/admin/account", "/admin/account/pin", {
      pin: "4821",
      pinConfirm: "4821",
    });
    expect(taken.status).toBe(409);
    const set = await owner.submit("/admin/account", "/admin/account/pin", {
      pin: "9090",
      pinConfirm: "9090",
    });
    expect(set.status).toBe(303);
    expect((await owner.get("/admin/account?notice=pin")).html).toContain("The PIN is saved");
    const me = await staffNamed("The owner");
    expect(me).toMatchObject({ adminUserId: accountId, hasPin: true });
  });
});
