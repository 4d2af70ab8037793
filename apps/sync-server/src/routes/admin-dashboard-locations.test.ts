import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { dashboardByFold } from "../../test/dashboard-fold";
import { apiKey, enroll, newLocation, TestDevice } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { translator } from "../i18n/translate";
import { dashboardTotals } from "../insight/dashboard-summary";

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The figure of one dashboard tile, as shown. */
const tile = (html: string, key: string) =>
  new RegExp(`data-testid="${key}"[\\s\\S]*?class="stat__value">([^<]*)<`).exec(html)?.[1];

/**
 * A manager tied to a location sees the dashboard of that location only: the tiles, the filter's
 * choices and every figure (the fold of the log over that location's tills), whatever the query
 * asks for; the owner sees every location.
 */
describe.each(DATABASES)("the dashboard of a manager tied to a location (%s)", (database) => {
  let server: TestServer;
  let manager: AdminBrowser;
  let south: string;
  const today = Math.floor(Date.now() / DAY) * DAY;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  beforeAll(async () => {
    server = await startTestServer({ database });
    const key = await apiKey(server, server.seed);
    const southShop = await newLocation(server, server.seed, "South Street");
    south = southShop.locationId;
    const northTill = await TestDevice.pair(server, server.seed, "staff");
    const southTill = await TestDevice.pair(server, southShop, "staff");
    const cards: string[] = [];
    for (let i = 0; i < 4; i++)
      cards.push((await enroll(server, key, server.seed.programId)).cardId);
    const [a, b, c, d] = cards as [string, string, string, string];
    const recent = Date.now() - 10 * 60_000;
    // North: two cards over the days and the last hour; south: two others, one undone.
    const north = [
      northTill.stamp(a, 2, "staff", today - 5 * DAY + 9 * HOUR),
      northTill.stamp(b, 1, "staff", today - 3 * DAY + 12 * HOUR),
      northTill.stamp(a, 3, "staff", recent),
    ];
    const southStamps = [
      southTill.stamp(c, 1, "staff", today - 4 * DAY + 10 * HOUR),
      southTill.stamp(d, 4, "staff", today - 2 * DAY + 15 * HOUR),
      southTill.stamp(c, 2, "staff", recent + 1),
      southTill.stamp(d, 5, "staff", recent + 2),
    ];
    const undo = southTill.event(
      "stamps.revoked",
      d,
      { targetId: southStamps[3]?.id, reason: "Wrong card" },
      recent + 3,
    );
    expect((await northTill.sync(north)).json.rejected ?? []).toEqual([]);
    expect((await southTill.sync([...southStamps, undo])).json.rejected ?? []).toEqual([]);

    manager = await AdminBrowser.signedInAs(server, "manager", [south]);
  });
  afterAll(() => server.close());

  it("shows the tiles, the choices and the figures of the manager's location only", async () => {
    const { store } = server.services;
    const program = (await store.getProgram(server.seed.merchantId, server.seed.programId))
      ?.program;
    if (!program) throw new Error("no program");
    const logged = await store.exportEvents(
      server.seed.merchantId,
      { from: 0, to: Number.MAX_SAFE_INTEGER },
      0,
      1000,
    );
    const tr = translator();
    const from = today - 20 * DAY;
    const range = `from=${iso(from)}&to=${iso(today)}`;
    const totals = dashboardTotals(
      dashboardByFold(logged, program, {
        from,
        to: today + DAY,
        locationIds: [south],
        now: Date.now(),
      }),
    );
    // Whatever is asked for — every location, another one, the online channels — it is theirs.
    for (const location of ["", server.seed.locationId, "none", south]) {
      const page = await manager.get(`/admin?${range}&location=${location}`);
      expect(page.status).toBe(200);
      expect(
        {
          visits: tile(page.html, "insight.visits"),
          stamps: tile(page.html, "insight.stamps"),
          enrolled: tile(page.html, "insight.newCustomers"),
        },
        location,
      ).toEqual({
        visits: tr.number(totals.visits),
        stamps: tr.number(totals.stamps),
        enrolled: tr.number(totals.enrolled),
      });
    }
    expect(totals.visits).toBe(3);
    expect(totals.stamps).toBe(7);

    const page = await manager.get("/admin");
    // Stamps of the last hour at the south till: 2 (the 5 were undone); its 4 events; its one till;
    // its two cards and the two no till has stamped... none: every card was stamped somewhere.
    expect(tile(page.html, "dashboard.stamps")).toBe("2");
    expect(tile(page.html, "dashboard.events")).toBe("3");
    expect(tile(page.html, "dashboard.devices")).toBe("1");
    expect(tile(page.html, "dashboard.cards")).toBe("2");
    expect(page.html).toContain("All your locations");
    expect(page.html).not.toContain('value="none"');
    expect(page.html).not.toContain(`value="${server.seed.locationId}"`);
    expect(page.html).toContain(`value="${south}"`);

    // The owner sees both tills' last hour (3 + 2 stamps) and every choice.
    const owner = (await (await AdminBrowser.signedIn(server)).get("/admin")).html;
    expect(tile(owner, "dashboard.stamps")).toBe("5");
    expect(tile(owner, "dashboard.devices")).toBe("2");
    expect(owner).toContain('value="none"');
    expect(owner).toContain(`value="${server.seed.locationId}"`);
  });
});
