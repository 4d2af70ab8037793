import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { openVerifiedPass } from "@stamp/pass-builder/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, call, enroll, TestDevice } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { sweepExpiries } from "./expiry-sweep";

const DAY = 86_400_000;

describe.each(DATABASES)("expiry sweep (%s)", (database) => {
  let offset = 0;
  const now = () => Date.now() + offset;
  let server: TestServer;
  let key: string;
  beforeAll(async () => {
    server = await startTestServer({ now, database });
    key = await apiKey(server, server.seed);
    const path = `/api/v1/programs/${server.seed.programId}`;
    const current = await call(server, "GET", path, { token: key });
    const saved = await call(server, "PUT", path, {
      token: key,
      body: {
        ...current.json,
        // Customer pages speak only the program's languages: the German web card needs German.
        locales: ["en", "de"],
        goal: 3,
        reward: {
          kind: "voucher",
          title: "Free cake",
          redemption: { method: "code", format: "text", code: { kind: "generated" } },
          validDays: 5,
        },
        expiry: { stampsAfterDays: 10, reminderDays: 2 },
      },
    });
    expect(saved.status, saved.text).toBe(200);
  });
  afterAll(() => server?.close());

  const stamp = (card: string, count: number) =>
    call(server, "POST", "/api/v1/stamps", {
      token: key,
      body: { card, count },
      headers: { "idempotency-key": randomUUID() },
    });
  const cardOf = async (cardId: string) =>
    (await call(server, "GET", `/api/v1/cards/${cardId}`, { token: key })).json;
  const typesOf = async (cardId: string) =>
    (await server.services.store.cardHistory(server.seed.merchantId, cardId)).map(
      (h) => h.event.type,
    );
  const passNotice = async (cardId: string) => {
    const response = await fetch(`${server.url}/passes/${cardId}.pkpass`);
    const opened = await openVerifiedPass(
      Buffer.from(await response.arrayBuffer()),
      join(server.dataDir, "certs", "dev-ca.pem"),
    );
    const pass = opened.passJson as { storeCard: { backFields: { key: string; value: string }[] } };
    return pass.storeCard.backFields.find((f) => f.key === "notice")?.value;
  };
  const webCardExpiry = async (cardId: string, lang = "en") => {
    const html = await (await fetch(`${server.url}/c/${cardId}?lang=${lang}`)).text();
    return html.match(/data-testid="stamps-expiry">([^<]*)</)?.[1];
  };
  const passVersion = async (cardId: string) =>
    (await server.services.storage.wallet.getPass(cardId))?.updatedAt;

  it("reminds once before a voucher expires, expires it once however many servers sweep, and refuses its redemption with 410", async () => {
    const { cardId } = await enroll(server, key, server.seed.programId);
    expect((await stamp(cardId, 3)).json.rewardsReady).toBe(1);
    await server.services.housekeeping.run();
    expect(await typesOf(cardId)).toEqual(["card.enrolled", "stamps.added"]);
    expect(await passNotice(cardId)).toBe("You earned: Free cake");

    offset = 3 * DAY + 60_000;
    const before = await passVersion(cardId);
    await server.services.housekeeping.run();
    await server.services.housekeeping.run();
    expect(await typesOf(cardId)).toEqual(["card.enrolled", "stamps.added", "voucher.reminded"]);
    expect(await passVersion(cardId)).toBeGreaterThan(before ?? 0);
    expect(await passNotice(cardId)).toMatch(/^Free cake expires /);
    const reminded = await cardOf(cardId);
    expect(reminded.vouchers[0]).toMatchObject({ status: "issued" });
    expect(reminded.vouchers[0].remindedAt).toBeDefined();

    offset = 5 * DAY + 60_000;
    // Two server instances at once: the events' ids are derived, so the log keeps each once.
    const [a, b] = await Promise.all([
      sweepExpiries(server.services),
      sweepExpiries(server.services),
    ]);
    expect(a.written + b.written).toBe(1);
    expect(await typesOf(cardId)).toEqual([
      "card.enrolled",
      "stamps.added",
      "voucher.reminded",
      "voucher.expired",
    ]);
    expect(await passNotice(cardId)).toBe("Free cake has expired");
    const expired = await cardOf(cardId);
    expect(expired).toMatchObject({ rewardsReady: 0, vouchers: [{ status: "expired" }] });
    const redeemed = await call(server, "POST", "/api/v1/vouchers/redeem", {
      token: key,
      body: { code: expired.vouchers[0].code },
      headers: { "idempotency-key": randomUUID() },
    });
    expect(redeemed.status, redeemed.text).toBe(410);
    expect(redeemed.json.error.code).toBe("voucher-expired");
  });

  it("expires the stamps of a card without a visit for the program's days; an offline till's visit within them keeps them", async () => {
    // The server's clock never goes back: this story starts where the last one ended.
    const start = offset;
    const { cardId } = await enroll(server, key, server.seed.programId);
    await stamp(cardId, 2);
    const till = await TestDevice.pair(server, server.seed, "staff");
    expect(await webCardExpiry(cardId)).toMatch(
      /^Your stamps expire .+ unless you visit before\.$/,
    );
    offset = start + 10 * DAY + 60_000;
    await server.services.housekeeping.run();
    expect(await cardOf(cardId)).toMatchObject({ stamps: 0, expiredStamps: 2 });
    expect((await typesOf(cardId)).at(-1)).toBe("stamps.expired");
    expect(await webCardExpiry(cardId)).toMatch(/^Your stamps expired /);
    expect(await passNotice(cardId)).toMatch(/^Your stamps expired .+: no visit for a long time$/);
    expect(await webCardExpiry(cardId, "de")).toMatch(/^Deine Stempel sind am .+ verfallen/);
    // A till offline since day 4 syncs a stamp it made then: the customer did visit.
    const late = till.stamp(cardId, 1, "staff", Date.now() + start + 4 * DAY);
    expect((await till.sync([late])).json.accepted).toContain(late.id);
    expect(await cardOf(cardId)).toMatchObject({ stamps: 0, cycles: 1, expiredStamps: 0 });
    // A till may not write expiries itself.
    const forged = till.event("stamps.expired", cardId, { inactiveDays: 1 }, Date.now());
    expect((await till.sync([forged])).json.rejected).toEqual([
      expect.objectContaining({ id: forged.id, code: "server-only" }),
    ]);
  });
});
