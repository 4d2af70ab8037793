import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { dashboardByFold } from "../../test/dashboard-fold";
import { apiKey, enroll, TestDevice } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { translator } from "../i18n/translate";
import { dashboardTotals } from "../insight/dashboard-summary";
import type { ExportedEvent } from "../storage/export-store";

const DAY = 86_400_000;

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

  it("shows for a range and a location the figures a stamp-core fold of the log gives, charts with their tables", async () => {
    const { store } = server.services;
    const key = await apiKey(server, server.seed);
    const cards: { cardId: string }[] = [];
    for (let i = 0; i < 3; i++) cards.push(await enroll(server, key, server.seed.programId));
    const till = await TestDevice.pair(server, server.seed, "staff");
    const today = Math.floor(Date.now() / DAY) * DAY;
    const stamps = Array.from({ length: 24 }, (_, i) =>
      till.stamp(
        (cards[i % 3] as (typeof cards)[number]).cardId,
        1 + (i % 4),
        "staff",
        today - (23 - i) * DAY + 9 * 3_600_000 + i * 60_000,
      ),
    );
    const first = cards[0]?.cardId as string;
    const undo = till.event(
      "stamps.revoked",
      first,
      { targetId: stamps[3]?.id, reason: "Wrong card" },
      today - 2 * DAY,
    );
    const redeem = till.event(
      "voucher.redeemed",
      first,
      { voucherId: `${first}:1`, method: "staff" },
      today - DAY,
    );
    const synced = await till.sync([...stamps, undo, redeem]);
    expect(synced.json.rejected ?? []).toEqual([]);

    const logged: ExportedEvent[] = await store.exportEvents(
      server.seed.merchantId,
      { from: 0, to: Number.MAX_SAFE_INTEGER },
      0,
      1000,
    );
    const program = (await store.getProgram(server.seed.merchantId, server.seed.programId))
      ?.program;
    if (!program) throw new Error("no program");
    const browser = await AdminBrowser.signedIn(server);
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const tr = translator();
    for (const location of [null, server.seed.locationId, ""]) {
      const from = today - 20 * DAY;
      const query = `/admin?from=${iso(from)}&to=${iso(today)}&location=${location === null ? "" : location === "" ? "none" : location}`;
      const page = await browser.get(query);
      expect(page.status).toBe(200);
      const totals = dashboardTotals(
        dashboardByFold(logged, program, {
          from,
          to: today + DAY,
          locationIds: location === null ? null : [location],
          now: Date.now(),
        }),
      );
      const rate = (value: number | null) => (value === null ? "—" : tr.percent(value));
      expect(
        {
          enrolled: tile(page.html, "insight.newCustomers"),
          visits: tile(page.html, "insight.visits"),
          stamps: tile(page.html, "insight.stamps"),
          earned: tile(page.html, "insight.earned"),
          redeemed: tile(page.html, "insight.redeemed"),
          redemptionRate: tile(page.html, "insight.redemptionRate"),
          returningRate: tile(page.html, "insight.returningRate"),
        },
        query,
      ).toEqual({
        enrolled: tr.number(totals.enrolled),
        visits: tr.number(totals.visits),
        stamps: tr.number(totals.stamps),
        earned: tr.number(totals.earned),
        redeemed: tr.number(totals.redeemed),
        redemptionRate: rate(totals.redemptionRate),
        returningRate: rate(totals.returningRate),
      });
    }
    // Everything happened at the till but the joins (the API): both filters show it.
    const all = await browser.get(`/admin?from=${iso(today - 20 * DAY)}&to=${iso(today)}`);
    expect(tile(all.html, "insight.redeemed")).toBe("1");
    expect(Number(tile(all.html, "insight.visits"))).toBeGreaterThan(15);
    // Each chart is a titled figure, its image described by the title and summary, its numbers a table.
    for (const chart of [
      "chart-visits",
      "chart-rewards",
      "chart-channels",
      "chart-locations",
      "chart-hours",
    ]) {
      expect(all.html).toContain(
        `<figure class="chart" aria-labelledby="${chart}-title" data-testid="${chart}">`,
      );
      expect(all.html).toContain(`aria-labelledby="${chart}-title ${chart}-summary"`);
    }
    expect(all.html).toContain("<summary>Show as a table</summary>");
    expect(all.html).toContain('data-testid="cohorts"');

    const bad = await browser.get("/admin?from=2026-13-40&to=2026-01-01");
    expect(bad.status).toBe(200);
    expect(bad.html).toContain('data-testid="insight-invalid"');
  });
});
