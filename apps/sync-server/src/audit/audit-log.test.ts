import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { apiKey, call, enroll } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { createAdmin } from "../admin/create-admin";

/** The audit log over HTTP: the routes record, owners and managers search it, the API reads it. */
describe.each(DATABASES)("audit log (%s)", (database) => {
  let server: TestServer;
  let owner: AdminBrowser;
  let key: string;

  beforeAll(async () => {
    server = await startTestServer({ database });
    owner = await AdminBrowser.signedIn(server);
    key = await apiKey(server, server.seed);
  });
  afterAll(() => server.close());

  it("records who blocked a card, made an API key, added till staff and exported events", async () => {
    const card = (await enroll(server, key, server.seed.programId)).cardId;
    // Blocking asks first; the confirmation page's form blocks.
    const asked = await owner.submit(`/admin/cards/${card}`, `/admin/cards/${card}/block`, {
      reason: "lost phone",
    });
    const blocked = await owner.post(`/admin/cards/${card}/block`, {
      reason: "lost phone",
      confirmed: "yes",
      _csrf: AdminBrowser.csrf(asked.html),
    });
    expect(blocked.status).toBe(303);
    expect(
      (await owner.submit("/admin/api-keys", "/admin/api-keys", { name: "Till POS" })).status,
    ).toBe(200);
    const staff = await owner.submit("/admin/staff", "/admin/staff", {
      name: "Anna",
      locations: [server.seed.locationId],
      pin: "4821",
      pinConfirm: "4821",
    });
    expect(staff.status).toBe(303);
    const exported = await call(server, "GET", "/api/v1/exports/events.csv?from=2026-11-01", {
      token: key,
    });
    expect(exported.status).toBe(200);
    const one = await call(server, "GET", `/api/v1/customers/${card}/export`, { token: key });
    expect(one.status).toBe(200);
    const erased = await call(server, "DELETE", `/api/v1/customers/${card}/personal-data`, {
      token: key,
    });
    expect(erased.status).toBe(200);

    const page = await owner.get("/admin/audit");
    expect(page.status).toBe(200);
    for (const action of [
      "card.blocked",
      "api-key.created",
      "staff.added",
      "export.events",
      "customer.exported",
      "customer.erased",
    ])
      expect(page.html).toContain(`data-action="${action}"`);
    expect(page.html).toContain("reason: lost phone");
    expect(page.html).not.toContain("4821");

    const someOfOwner = encodeURIComponent(server.seed.adminEmail.slice(0, 6).toUpperCase());
    const blocks = await owner.get(`/admin/audit?action=card.blocked&actor=${someOfOwner}`);
    expect(blocks.html).toContain('data-action="card.blocked"');
    expect(blocks.html).not.toContain('data-action="staff.added"');
    const byKey = await owner.get("/admin/audit?actor=api+key");
    expect(byKey.html).toContain('data-action="export.events"');
    expect(byKey.html).not.toContain('data-action="card.blocked"');
    const future = await owner.get("/admin/audit?from=2999-01-01");
    expect(future.html).toContain("Nothing recorded matches.");
    expect((await owner.get("/admin/audit?from=yesterday")).status).toBe(400);
  });

  it("pages 50 entries at a time, newest first, through the admin page and the API", async () => {
    const base = Date.parse("2026-01-01T00:00:00Z");
    for (let i = 0; i < 60; i++)
      await server.services.store.appendAudit({
        id: randomUUID(),
        merchantId: server.seed.merchantId,
        at: base + i,
        actorId: "bulk",
        actorLabel: "bulk@example.org",
        action: "program.updated",
        target: String(i),
        detail: null,
      });
    const first = await owner.get("/admin/audit?actor=bulk");
    const next = /<a class="button button--secondary" href="([^"]+)" rel="next"/.exec(
      first.html,
    )?.[1];
    expect(next).toBeDefined();
    const second = await owner.get((next as string).replaceAll("&amp;", "&"));
    expect((second.html.match(/<tr data-action=/g) ?? []).length).toBe(10);
    expect(second.html).not.toContain('rel="next"');

    const api = await call(server, "GET", "/api/v1/audit?actor=bulk", { token: key });
    expect(api.status).toBe(200);
    expect(api.json.items).toHaveLength(50);
    expect(api.json.items[0]).toMatchObject({
      at: "2026-01-01T00:00:00.059Z",
      actor: { id: "bulk", label: "bulk@example.org" },
      action: "program.updated",
      target: "59",
    });
    const rest = await call(server, "GET", `/api/v1/audit?actor=bulk&cursor=${api.json.next}`, {
      token: key,
    });
    expect(rest.json.items.map((e: { target: string }) => e.target)).toEqual([
      "9",
      "8",
      "7",
      "6",
      "5",
      "4",
      "3",
      "2",
      "1",
      "0",
    ]);
    expect(rest.json.next).toBeNull();
    const bad = await call(server, "GET", "/api/v1/audit?action=everything", { token: key });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("invalid-query");
  });

  it("opens to owners and managers, not to staff", async () => {
    for (const [role, allowed] of [
      ["manager", true],
      ["staff", false],
    ] as const) {
      const email = `${role}-${randomUUID()}@example.org`;
      const made = await createAdmin(server.services, {
        email,
        password: "a long enough password",
        merchantId: server.seed.merchantId,
      });
      if (!made.ok) throw new Error(made.reason);
      await server.services.store.setAdminRole(server.seed.merchantId, made.userId, role);
      const browser = await AdminBrowser.signedIn(server, email, "a long enough password");
      const page = await browser.get("/admin/audit");
      expect(page.status, role).toBe(allowed ? 200 : 303);
    }
  });
});
