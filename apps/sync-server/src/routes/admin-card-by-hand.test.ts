import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { apiKey, call } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";

const tokenOf = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1] ?? "";

/** The customer page's own actions: stamps added by hand with a reason, export and erase. */
describe.each(DATABASES)(
  "stamps by hand and personal data on the customer page (%s)",
  (database) => {
    let server: TestServer;
    let key: string;
    let owner: AdminBrowser;

    beforeAll(async () => {
      server = await startTestServer({ database });
      key = await apiKey(server, server.seed);
      owner = await AdminBrowser.signedIn(server);
    });
    afterAll(() => server.close());

    const join = async (profile?: Record<string, string>) => {
      const joined = await call(server, "POST", "/api/v1/cards", {
        token: key,
        body: { programId: server.seed.programId, ...(profile ? { profile } : {}) },
      });
      expect(joined.status).toBe(201);
      return joined.json.cardId as string;
    };
    const audit = (action: string, target: string) =>
      server.services.store.listAudit(server.seed.merchantId, { action, target }, null, 10);

    it("adds stamps with a reason, once per form however often it is sent, and shows why", async () => {
      const cardId = await join();
      const path = `/admin/cards/${cardId}`;
      const page = await owner.get(path);
      expect(page.html).toContain(`action="${path}/stamps"`);
      const form = { token: tokenOf(page.html), _csrf: AdminBrowser.csrf(page.html) };

      const noReason = await owner.post(`${path}/stamps`, { ...form, count: "2", stampReason: "" });
      expect(noReason.status).toBe(422);
      expect(noReason.html).toContain("Give a reason");
      for (const count of ["0", "51", "2.5", "two"]) {
        const bad = await owner.post(`${path}/stamps`, { ...form, count, stampReason: "Battery" });
        expect(bad.status, count).toBe(422);
        expect(bad.html, count).toContain("Enter a whole number from 1 to 50.");
        expect(bad.html, count).toContain(`value="${count}"`);
      }

      const sent = { ...form, count: "3", stampReason: "Till battery died" };
      const answers = await Promise.all([
        owner.post(`${path}/stamps`, sent),
        owner.post(`${path}/stamps`, sent),
      ]);
      expect(answers.map((a) => a.status)).toEqual([303, 303]);
      expect((await owner.post(`${path}/stamps`, sent)).location).toBe(`${path}?notice=added`);
      const card = await call(server, "GET", `/api/v1/cards/${cardId}`, { token: key });
      expect(card.json.stamps).toBe(3);
      const history = await server.services.store.cardHistory(server.seed.merchantId, cardId);
      const added = history.filter((l) => l.event.type === "stamps.added");
      expect(added).toHaveLength(1);
      const entries = await audit("card.stamps-added", cardId);
      expect(entries).toHaveLength(1);
      expect(JSON.parse(entries[0]?.detail ?? "{}")).toEqual({
        event: added[0]?.event.id,
        count: 3,
        reason: "Till battery died",
      });
      const shown = await owner.get(`${path}?notice=added`);
      expect(shown.html).toContain("The stamps are added.");
      expect(shown.html).toMatch(/3 stamps[\s\S]*?By hand: Till battery died/);

      // A new form (a new token) adds again; the same token with another count is refused.
      const again = await owner.get(path);
      const other = {
        ...form,
        token: tokenOf(again.html),
        count: "1",
        stampReason: "Second visit",
      };
      expect((await owner.post(`${path}/stamps`, other)).status).toBe(303);
      const reused = await owner.post(`${path}/stamps`, { ...sent, count: "4" });
      expect(reused.status).toBe(409);
      expect(
        (await call(server, "GET", `/api/v1/cards/${cardId}`, { token: key })).json.stamps,
      ).toBe(4);
    });

    it("refuses stamps by hand on a blocked card", async () => {
      const cardId = await join();
      const path = `/admin/cards/${cardId}`;
      const blocked = await owner.submit(path, `${path}/block`, {
        reason: "Shared online",
        confirmed: "yes",
      });
      expect(blocked.status).toBe(303);
      const page = await owner.get(path);
      const refused = await owner.post(`${path}/stamps`, {
        token: tokenOf(page.html),
        _csrf: AdminBrowser.csrf(page.html),
        count: "1",
        stampReason: "Trying",
      });
      expect(refused.status).toBe(409);
      expect(refused.html).toContain("No stamps added:");
      expect(await audit("card.stamps-added", cardId)).toHaveLength(0);
    });

    it("downloads the customer's data, and erases it only once confirmed, keeping the stamps", async () => {
      const cardId = await join({ name: "Ines Quartz", email: "ines@example.com" });
      const path = `/admin/cards/${cardId}`;
      const page = await owner.get(path);
      expect(page.html).toContain(`href="${path}/export"`);
      const download = await fetch(`${server.url}${path}/export`, {
        headers: { cookie: `stamp_session=${owner.cookie("stamp_session")}` },
      });
      expect(download.status).toBe(200);
      expect(download.headers.get("content-disposition")).toBe(
        `attachment; filename="customer-${cardId}.json"`,
      );
      const exported = (await download.json()) as { card: { profile: unknown }; events: unknown[] };
      expect(exported.card.profile).toMatchObject({
        name: "Ines Quartz",
        email: "ines@example.com",
      });
      expect(exported.events).toHaveLength(1);
      expect(await audit("customer.exported", cardId)).toHaveLength(1);

      const stamp = page.html;
      const asked = await owner.post(`${path}/erase`, { _csrf: AdminBrowser.csrf(stamp) });
      expect(asked.status).toBe(200);
      expect(asked.html).toContain("Erase this customer&#39;s personal data?");
      expect((await call(server, "GET", `/api/v1/cards/${cardId}`, { token: key })).status).toBe(
        200,
      );
      const yes = { confirmed: "yes", _csrf: AdminBrowser.csrf(asked.html) };
      const erased = await owner.post(`${path}/erase`, yes);
      expect(erased.location).toBe(`${path}?notice=erased`);
      expect((await owner.post(`${path}/erase`, yes)).location).toBe(`${path}?notice=erased`);
      expect(await audit("customer.erased", cardId)).toHaveLength(1);
      const card = await server.services.store.getCard(server.seed.merchantId, cardId);
      expect(card?.profile).toBeNull();
      expect((await owner.get("/admin/cards?q=quartz")).status).toBe(404);
      const after = await owner.get(`${path}?notice=erased`);
      expect(after.html).toContain("The customer&#39;s personal data is erased.");
      expect(after.html).not.toContain('data-testid="erase-customer"');
    });
  },
);
