import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { startTestServer, type TestServer } from "../../test/test-server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const lotteryForm = (weights: string[]) => ({
  name: "Coffee card",
  goal: "8",
  locales: "en",
  "design.background": "#112233",
  "design.foreground": "#ffffff",
  "design.accent": "#ff8800",
  "design.stampIcon": "star",
  "earning.kind": "per-order",
  "earning.stampsPerOrder": "1",
  "reward.kind": "lottery",
  "reward.title": "Mystery treat",
  "reward.seed": "seed-seed-seed-seed-1",
  "reward.redemption.method": "staff",
  ...Object.fromEntries(
    weights.flatMap((weight, i) => [
      [`reward.prizes.${i}.id`, `prize-${i}`],
      [`reward.prizes.${i}.title`, `Prize ${i}`],
      [`reward.prizes.${i}.weight`, weight],
    ]),
  ),
  "limits.channels": ["kiosk", "autopilot"],
  "limits.cooldownSeconds": "300",
  _version: "1",
});

const chances = (html: string) =>
  [...html.matchAll(/data-testid="prize-chance">([^<]*)</g)].map((m) => m[1]).filter(Boolean);

describe("the lottery's prize table in the admin", () => {
  it("shows each prize's chance as a percentage, without saving, when asked", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const path = `/admin/programs/${server.seed.programId}`;
    const shown = await browser.submit(path, path, {
      ...lotteryForm(["60", "30", "10"]),
      _preview: "chances",
    });
    expect(shown.status).toBe(200);
    expect(chances(shown.html)).toEqual(["= 60% of draws", "= 30% of draws", "= 10% of draws"]);
    expect(shown.html).toContain("The chances add up to 100%.");
    const program = await server.services.store.getProgram(
      server.seed.merchantId,
      server.seed.programId,
    );
    expect(program?.program.version).toBe(1);

    const uneven = await browser.submit(path, path, {
      ...lotteryForm(["3", "1"]),
      _preview: "chances",
    });
    expect(chances(uneven.html)).toEqual(["= 75% of draws", "= 25% of draws"]);
    expect(uneven.html).toContain("The chances add up to 4, not 100");
  });

  it("shows the saved table's chances when the editor opens", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const path = `/admin/programs/${server.seed.programId}`;
    expect((await browser.submit(path, path, lotteryForm(["5", "3", "2"]))).status).toBe(303);
    const page = await browser.get(path);
    expect(chances(page.html)).toEqual(["= 50% of draws", "= 30% of draws", "= 20% of draws"]);
  });
});
