import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anotherMerchant, apiKey, call } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";

const DAY = 86_400_000;
const NOV_1 = Date.parse("2026-11-01T00:00:00.000Z");

describe.each(DATABASES)("CSV exports (%s)", (database) => {
  let server: TestServer;
  let key: string;
  /** The server's clock: each stamp below is placed on a day of its own. */
  let clock = NOV_1 - DAY;

  beforeAll(async () => {
    server = await startTestServer({ database, now: () => clock });
    key = await apiKey(server, server.seed);
  });
  afterAll(() => server.close());

  const join = async (profile: Record<string, string>) => {
    const reply = await call(server, "POST", "/api/v1/cards", {
      token: key,
      body: { programId: server.seed.programId, profile },
    });
    expect(reply.status).toBe(201);
    return reply.json.cardId as string;
  };
  const stampOn = async (cardId: string, at: number) => {
    clock = at;
    const reply = await call(server, "POST", "/api/v1/stamps", {
      token: key,
      headers: { "idempotency-key": randomUUID() },
      body: { card: cardId, count: 1, orderRef: `order at ${at}` },
    });
    expect(reply.status).toBe(200);
  };
  const download = async (path: string, token = key) => {
    const response = await fetch(`${server.url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { response, bytes, text: new TextDecoder().decode(bytes) };
  };
  const table = (text: string) =>
    parse(text, { bom: true, columns: true }) as Record<string, string>[];

  it("exports every customer, names in any script as UTF-8 and formulas as text, one merchant only", async () => {
    const dana = await join({ name: "דנה לוי", email: "dana@example.org", phone: "+972 50 123" });
    const mallory = await join({ name: '=HYPERLINK("http://evil.example")' });
    await stampOn(dana, NOV_1 + 3 * 3_600_000);
    const other = await anotherMerchant(server, "Other Cafe");
    const otherKey = await apiKey(server, other);
    await call(server, "POST", "/api/v1/cards", {
      token: otherKey,
      body: { programId: other.programId, profile: { name: "Not yours" } },
    });

    const { response, bytes, text } = await download("/api/v1/exports/customers.csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    // The byte-order mark: spreadsheet programs then read the file as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = table(text);
    expect(rows.map((row) => row.cardId).sort()).toEqual([dana, mallory].sort());
    expect(rows.find((row) => row.cardId === dana)).toMatchObject({
      name: "דנה לוי",
      email: "dana@example.org",
      // A leading + would make a spreadsheet compute the phone number: it is written as text.
      phone: "'+972 50 123",
      stamps: "1",
      rewardsEarned: "0",
      lastVisitAt: "2026-11-01T03:00:00.000Z",
      blocked: "FALSE",
    });
    // A spreadsheet shows the name; it does not run it.
    expect(rows.find((row) => row.cardId === mallory)?.name).toBe(
      '\'=HYPERLINK("http://evil.example")',
    );
    expect(text).not.toContain("Not yours");
  });

  it("exports the events placed in a range of days, in log order", async () => {
    const card = await join({ name: "Range" });
    for (const day of [4, 5, 6, 7]) await stampOn(card, NOV_1 + day * DAY + 12 * 3_600_000);

    const { response, text } = await download(
      "/api/v1/exports/events.csv?from=2026-11-06&to=2026-11-07",
    );
    expect(response.status).toBe(200);
    const rows = table(text);
    expect(rows.map((row) => [row.type, row.placedAt, row.cardId, row.orderRef])).toEqual([
      [
        "stamps.added",
        "2026-11-06T12:00:00.000Z",
        card,
        `order at ${NOV_1 + 5 * DAY + 12 * 3_600_000}`,
      ],
      [
        "stamps.added",
        "2026-11-07T12:00:00.000Z",
        card,
        `order at ${NOV_1 + 6 * DAY + 12 * 3_600_000}`,
      ],
    ]);
    expect(rows[0]).toMatchObject({ channel: "pos", count: "1", locationId: "" });
    expect(Number(rows[0]?.position)).toBeLessThan(Number(rows[1]?.position));

    // An instant with its offset: 13:30 in Berlin is 12:30 UTC, after the 6th's stamp.
    const instants = table(
      (
        await download(
          `/api/v1/exports/events.csv?from=${encodeURIComponent("2026-11-06T13:30:00+01:00")}&to=2026-11-30`,
        )
      ).text,
    );
    expect(instants.map((row) => row.placedAt)).toEqual([
      "2026-11-07T12:00:00.000Z",
      "2026-11-08T12:00:00.000Z",
    ]);

    const everything = table((await download("/api/v1/exports/events.csv")).text);
    expect(everything.map((row) => row.type)).toContain("card.enrolled");
  });

  it("refuses a range it cannot read, and callers without a key", async () => {
    for (const query of [
      "from=30.11.2026",
      "from=2026-02-30",
      "from=2026-11-06T12:00",
      "from=2026-11-07&to=2026-11-06",
      "since=2026-11-01",
    ]) {
      const { response, text } = await download(`/api/v1/exports/events.csv?${query}`);
      expect(response.status, query).toBe(400);
      expect(JSON.parse(text), query).toMatchObject({ error: { code: "invalid-query" } });
    }
    const anonymous = await fetch(`${server.url}/api/v1/exports/customers.csv`);
    expect(anonymous.status).toBe(401);
  });
});
