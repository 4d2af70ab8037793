import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { call } from "../../test/fixtures";
import { freshPostgresDatabase, type TestPostgresDatabase } from "../../test/test-postgres";
import { startServerOn } from "../../test/test-server";
import { createApiKey } from "../api-keys/api-key";
import type { DemoSeed } from "../seed";
import type { RunningServer } from "../server";
import { withPgClient } from "../storage/pg/with-pg-client";

const DAY = 86_400_000;

// Two server instances on one PostgreSQL database, one clock the test moves: an automation
// switched on in the admin of one runs on both, and no customer hears it twice.
let database: TestPostgresDatabase;
const dirs: string[] = [];
const servers: RunningServer[] = [];
let clock = Date.parse("2026-03-10T11:00:00.000Z");
const now = () => clock;
let seed: DemoSeed;

beforeAll(async () => {
  database = await freshPostgresDatabase();
  for (let i = 0; i < 2; i += 1) {
    const dir = mkdtempSync(join(tmpdir(), "stamp-automations-"));
    dirs.push(dir);
    servers.push(await startServerOn(dir, { databaseUrl: database.url, now }));
  }
  seed = servers[0]?.seed as DemoSeed;
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await database?.drop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Rounds of both instances' campaign senders at once (their timers run too). */
async function bothRun(rounds = 4) {
  for (let i = 0; i < rounds; i += 1)
    await Promise.all(servers.map((server) => server.services.campaigns.runOnce()));
}

async function recipientsPerCard(): Promise<Map<string, number>> {
  const rows = await withPgClient(
    database.url,
    async (client) =>
      (
        await client.query<{ card_id: string; n: string }>(
          "SELECT card_id, count(*) AS n FROM campaign_recipients GROUP BY card_id",
        )
      ).rows,
  );
  return new Map(rows.map((row) => [row.card_id, Number(row.n)]));
}

describe("automations on two instances of one PostgreSQL", () => {
  it("the birthday treat reaches each customer once a year, whichever instance runs it", async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    const key = await createApiKey(a.services, seed.merchantId, "test");
    if (!key.ok) throw new Error(key.reason);
    const enrol = async (server: RunningServer, birthday: string) => {
      const reply = await call(server, "POST", "/api/v1/cards", {
        token: key.key,
        body: { programId: seed.programId, profile: { name: "Ada", birthday } },
      });
      expect(reply.status).toBe(201);
      return reply.json.cardId as string;
    };
    const soon: string[] = [];
    for (let i = 0; i < 12; i += 1) soon.push(await enrol(i % 2 ? a : b, "1990-03-14"));
    const later = await enrol(a, "1990-08-01");
    await enrol(b, "1990-03-09"); // just past: next year's falls outside the window

    const owner = new AdminBrowser(a);
    expect((await owner.login(seed.adminEmail, seed.adminPassword)).status).toBe(303);
    const page = `/admin/automations?program=${seed.programId}`;
    const shown = await owner.get(page);
    expect(shown.html).toContain("Birthday treat");
    // The reminder before a reward runs out sits with them: on (the default 3 days), where to change it.
    expect(shown.html).toContain("Reward about to expire");
    expect(shown.html).toContain("On: 3 days before it runs out.");
    expect(shown.html).toContain(`href="/admin/programs/${seed.programId}"`);
    const fields = { _csrf: AdminBrowser.csrf(shown.html), enabled: "on" };
    const refused = await owner.post(`/admin/automations/birthday?program=${seed.programId}`, {
      ...fields,
      "settings.daysBefore": "99",
      "message.en": "",
    });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("Enter a number of days from 0 to 30.");
    expect(refused.html).toContain("it is the card&#39;s first language");
    const saved = await owner.post(`/admin/automations/birthday?program=${seed.programId}`, {
      ...fields,
      "settings.daysBefore": "7",
      "message.en": "Happy birthday! A free cake with your next coffee this week.",
    });
    expect(saved.location).toBe(`${page}&notice=saved#birthday`);

    // Senders look for due automations once a minute.
    clock += 60_000;
    await bothRun();
    let counts = await recipientsPerCard();
    expect(soon.map((id) => counts.get(id))).toEqual(soon.map(() => 1));
    expect(counts.size).toBe(soon.length);
    expect((await a.services.wallet.store.getPass(soon[0] as string))?.message?.texts).toEqual({
      en: "Happy birthday! A free cake with your next coffee this week.",
    });

    // The next days' runs (both instances, the timers as well): nobody twice in the same year.
    for (let day = 1; day <= 3; day += 1) {
      clock += DAY;
      await bothRun();
    }
    counts = await recipientsPerCard();
    expect(counts.size).toBe(soon.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);

    // Paused, nothing starts; a year on, switched on again, the next birthday is treated once.
    // (Days passed: the session ended; the owner signs in again.)
    expect((await owner.login(seed.adminEmail, seed.adminPassword)).status).toBe(303);
    fields._csrf = AdminBrowser.csrf((await owner.get(page)).html);
    const paused = await owner.post(`/admin/automations/birthday?program=${seed.programId}`, {
      ...fields,
      enabled: "",
      "settings.daysBefore": "7",
      "message.en": "Happy birthday!",
    });
    expect(paused.status).toBe(303);
    clock = Date.parse("2027-03-09T11:00:00.000Z");
    await bothRun();
    expect((await recipientsPerCard()).size).toBe(soon.length);
    expect((await owner.login(seed.adminEmail, seed.adminPassword)).status).toBe(303);
    fields._csrf = AdminBrowser.csrf((await owner.get(page)).html);
    await owner.post(`/admin/automations/birthday?program=${seed.programId}`, {
      ...fields,
      "settings.daysBefore": "7",
      "message.en": "Happy birthday!",
    });
    clock += 60_000;
    await bothRun();
    clock += DAY;
    await bothRun();
    counts = await recipientsPerCard();
    expect(soon.map((id) => counts.get(id))).toEqual(soon.map(() => 2));
    expect(counts.has(later)).toBe(false);

    expect((await owner.login(seed.adminEmail, seed.adminPassword)).status).toBe(303);
    const log = await owner.get(page);
    expect(log.html).toContain("No wallet: shown on the web card");
  });
});
