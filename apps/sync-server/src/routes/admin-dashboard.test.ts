import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { apiKey, enroll, TestDevice } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";

let server: TestServer;

/** The figure of one dashboard tile, as shown. */
const tile = (html: string, key: string) =>
  new RegExp(`data-testid="${key}"[\\s\\S]*?class="stat__value">([^<]*)<`).exec(html)?.[1];

describe.each(DATABASES)("the dashboard says true things (%s)", (database) => {
  beforeAll(async () => {
    server = await startTestServer({ database });
  });
  afterAll(() => server.close());

  it("offers a manager only the first steps their role opens (API keys are the owner's)", async () => {
    const owner = (await (await AdminBrowser.signedIn(server)).get("/admin")).html;
    expect(owner).toContain('href="/admin/api-keys"');
    const manager = await (await AdminBrowser.signedInAs(server, "manager")).get("/admin");
    expect(manager.html).toContain('data-testid="get-started"');
    expect(manager.html).toContain('href="/admin/devices"');
    expect(manager.html).not.toContain('href="/admin/api-keys"');
  });

  it("counts stamps that still stand, says what each figure counts, and drops Get started once a till is paired", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const first = await browser.get("/admin");
    expect(first.html).toContain('data-testid="get-started"');
    expect(tile(first.html, "dashboard.stamps")).toBe("0");
    expect(first.html).toContain("stamps undone since are left out");
    expect(first.html).not.toContain("once the wallet service is switched on");
    // The join link is a link, with the way to its posters beside it.
    const slug = (await server.services.store.listPrograms(server.seed.merchantId))[0]?.slug;
    expect(first.html).toMatch(
      new RegExp(`<a href="https?://[^"]+/join/${slug}" data-testid="join-link">`),
    );
    expect(first.html).toContain(`href="/admin/programs/${server.seed.programId}#wallet"`);

    const card = await enroll(server, await apiKey(server, server.seed), server.seed.programId);
    const till = await TestDevice.pair(server, server.seed, "staff");
    const kept = till.stamp(card.cardId, 2);
    const undone = till.stamp(card.cardId, 3, "staff", Date.now() + 1);
    const undo = till.event(
      "stamps.revoked",
      card.cardId,
      { targetId: undone.id, reason: "Wrong card" },
      Date.now() + 2,
    );
    const synced = await till.sync([kept, undone, undo]);
    expect(synced.status).toBe(200);
    expect(synced.json.rejected ?? []).toEqual([]);

    const after = await browser.get("/admin");
    expect(tile(after.html, "dashboard.stamps")).toBe("2");
    expect(tile(after.html, "dashboard.devices")).toBe("1");
    expect(tile(after.html, "dashboard.cards")).toBe("1");
    expect(after.html).not.toContain('data-testid="get-started"');
  });
});
