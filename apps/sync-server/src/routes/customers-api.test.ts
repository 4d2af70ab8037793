import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anotherMerchant, apiKey, call, TestDevice } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";

describe.each(DATABASES)("customers API (%s)", (database) => {
  let server: TestServer;
  let key: string;

  beforeAll(async () => {
    server = await startTestServer({ database });
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

  it("finds, exports and erases a customer; other merchants see none of it", async () => {
    const dana = await join({ name: "Dana Levi", email: "dana@example.org", phone: "+972 50 123" });
    await join({ name: "Eli", email: "eli@example.org" });
    const till = await TestDevice.pair(server);
    await till.sync([till.stamp(dana), till.stamp(dana)]);

    const search = async (q: string, token = key) =>
      call(server, "GET", `/api/v1/customers?q=${encodeURIComponent(q)}`, { token });
    const found = await search("DANA");
    expect(found.json).toEqual({
      items: [
        expect.objectContaining({
          cardId: dana,
          name: "Dana Levi",
          email: "dana@example.org",
          phone: "+972 50 123",
          stamps: 2,
          lastVisitAt: expect.any(String),
        }),
      ],
      next: null,
    });
    expect((await search("example.org")).json.items).toHaveLength(2);
    expect((await search("")).json).toMatchObject({ error: { code: "invalid-query" } });

    const other = await anotherMerchant(server, "Other Cafe");
    const otherKey = await apiKey(server, other);
    expect((await search("dana", otherKey)).json.items).toEqual([]);
    expect(
      (await call(server, "GET", `/api/v1/customers/${dana}/export`, { token: otherKey })).status,
    ).toBe(404);

    const exported = await call(server, "GET", `/api/v1/customers/${dana}/export`, { token: key });
    expect(exported.json).toMatchObject({
      card: { id: dana, profile: { name: "Dana Levi" } },
      state: { stamps: 2 },
    });
    expect(exported.json.events.map((e: { type: string }) => e.type)).toEqual([
      "card.enrolled",
      "stamps.added",
      "stamps.added",
    ]);

    const erased = await call(server, "DELETE", `/api/v1/customers/${dana}/personal-data`, {
      token: key,
    });
    expect(erased.json).toEqual({ erased: true });
    for (const q of ["dana", "dana@example.org", "972 50"])
      expect((await search(q)).json.items, q).toEqual([]);
    const card = await call(server, "GET", `/api/v1/cards/${dana}`, { token: key });
    expect(card.json.stamps).toBe(2);
    const after = await call(server, "GET", `/api/v1/customers/${dana}/export`, { token: key });
    expect(after.json.card.profile).toBeNull();
  });
});
