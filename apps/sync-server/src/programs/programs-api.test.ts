import { describe, expect, it } from "vitest";
import { anotherMerchant, apiKey, call, startPosTestServer } from "../../test/fixtures";

const { server, key } = await startPosTestServer();
const { programId } = server.seed;
const path = `/api/v1/programs/${programId}`;

const read = async () => (await call(server, "GET", path, { token: key })).json;
const put = (body: unknown, token = key) => call(server, "PUT", path, { token, body });

describe("programs API", () => {
  it("lists and reads the merchant's programs as stamp-core program JSON", async () => {
    const list = await call(server, "GET", "/api/v1/programs", { token: key });
    expect(list.status).toBe(200);
    expect(list.json.programs.map((p: { id: string }) => p.id)).toEqual([programId]);
    expect(await read()).toEqual(list.json.programs[0]);
  });

  it("saves an edit as the next version, keeping the replaced reward in the history", async () => {
    const before = await read();
    const reply = await put({
      ...before,
      name: "Coffee club",
      reward: { kind: "simple", title: "Free flat white" },
    });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({
      name: "Coffee club",
      version: before.version + 1,
      rewardHistory: [
        ...(before.rewardHistory ?? []),
        { untilVersion: before.version, reward: before.reward },
      ],
    });
    expect(await read()).toEqual(reply.json);
    // The id and merchant may be left out; the history may be sent back as it was read.
    const { id: _id, merchantId: _merchant, ...bare } = reply.json;
    const renamed = await put({ ...bare, name: "Coffee club 2" });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.json.rewardHistory).toEqual(reply.json.rewardHistory);
  });

  it("refuses a stale version with 409 and leaves the program as it was", async () => {
    const before = await read();
    const stale = await put({ ...before, version: before.version - 1, name: "Lost edit" });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe("stale-version");
    expect(await read()).toEqual(before);
  });

  it("checks the body with the editor's schema and names every problem", async () => {
    const before = await read();
    const bad = await put({
      ...before,
      goal: 0,
      extra: 1,
      design: { ...before.design, background: "red" },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("invalid-body");
    expect(bad.json.error.issues).toEqual(
      expect.arrayContaining([
        { path: "goal", message: "must be at least 1" },
        { path: "design.background", message: "must be a colour like #1a2b3c" },
        { path: "extra", message: "is not a known field" },
      ]),
    );
    const history = await put({
      ...before,
      rewardHistory: [{ untilVersion: 1, reward: { kind: "simple", title: "Forged" } }],
    });
    expect(history.status).toBe(400);
    expect(history.json.error.issues).toEqual([
      {
        path: "rewardHistory",
        message: "is kept by the server: send it back unchanged or leave it out",
      },
    ]);
    const moved = await put({ ...before, id: "11111111-1111-4111-8111-111111111111" });
    expect(moved.json.error.issues).toEqual([{ path: "id", message: "must be the id in the URL" }]);
    const unversioned = await put({ ...before, version: "2" });
    expect(unversioned.status).toBe(400);
    expect(await read()).toEqual(before);
  });

  it("never shows or saves another merchant's program", async () => {
    const other = await anotherMerchant(server, "Other Bakery");
    const otherKey = await apiKey(server, other);
    expect((await call(server, "GET", path, { token: otherKey })).status).toBe(404);
    const before = await read();
    const reply = await put({ ...before, name: "Hijacked" }, otherKey);
    expect(reply.status).toBe(404);
    expect(reply.json.error.code).toBe("program-not-found");
    expect((await read()).name).toBe(before.name);
  });
});
