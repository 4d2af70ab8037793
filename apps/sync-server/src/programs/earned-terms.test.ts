import { randomUUID } from "node:crypto";
import type { Reward } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { call, enroll, startPosTestServer, TestDevice } from "../../test/fixtures";

const { server, key } = await startPosTestServer();
const { store } = server.services;

async function saveProgram(change: { goal?: number; reward?: Reward }): Promise<number> {
  const record = await store.getProgram(server.seed.merchantId, server.seed.programId);
  if (!record) throw new Error("no demo program");
  const { program } = record;
  const next = { ...program, ...change, version: program.version + 1 };
  expect(await store.updateProgram(next, program.version, Date.now())).toBe(true);
  return next.version;
}

const cardState = async (cardId: string) =>
  (await call(server, "GET", `/api/v1/cards/${cardId}`, { token: key })).json;

const lottery: Reward = {
  kind: "lottery",
  title: "Lucky draw",
  seed: "seed-0123456789abcdef",
  prizes: [{ id: "croissant", title: "Free croissant", weight: 1 }],
  redemption: { method: "staff" },
};

describe("an earned reward keeps its terms on the server (stamp-core SPEC T1–T4)", () => {
  it("T3: a voucher earned on a till stays a cappuccino after the programme becomes a lottery and a later stamp is undone", async () => {
    const tillVersion = await saveProgram({
      goal: 3,
      reward: { kind: "simple", title: "Free cappuccino" },
    });
    const till = await TestDevice.pair(server);
    const card = await enroll(server, key, server.seed.programId);
    const stamps = [1, 2, 3].map(() => till.stamp(card.cardId, 1, "staff", Date.now()));
    for (const stamp of stamps) stamp.programVersion = tillVersion;
    expect((await till.sync(stamps)).json.accepted).toHaveLength(3);

    const lotteryVersion = await saveProgram({ reward: lottery });
    const pos = await call(server, "POST", "/api/v1/stamps", {
      token: key,
      body: { card: card.cardId, count: 1 },
      headers: { "idempotency-key": randomUUID() },
    });
    expect(pos.status).toBe(200);
    // The till, still on the older version, undoes the later stamp: the card refolds.
    const undo = till.event("stamps.revoked", card.cardId, {
      targetId: pos.json.added.eventId,
      reason: "mistake",
    });
    expect((await till.sync([undo])).json.accepted).toEqual([undo.id]);

    const state = await cardState(card.cardId);
    expect(state).toMatchObject({ stamps: 0, cycles: 1, lifetimeStamps: 3 });
    expect(state.vouchers).toEqual([
      expect.objectContaining({ title: "Free cappuccino", kind: "simple", status: "issued" }),
    ]);
    const history = await call(server, "GET", "/api/v1/devices/me", { token: till.token });
    const program = history.json.programs.find(
      (p: { id: string }) => p.id === server.seed.programId,
    );
    expect(program.version).toBe(lotteryVersion);
    expect(program.rewardHistory.at(-1)).toEqual({
      untilVersion: tillVersion,
      reward: { kind: "simple", title: "Free cappuccino" },
    });
  });

  it("T4: a stamp naming a version the server does not know is refused", async () => {
    const till = await TestDevice.pair(server);
    const card = await enroll(server, key, server.seed.programId);
    const stamp = till.stamp(card.cardId);
    stamp.programVersion = 10_000;
    const reply = await till.sync([stamp]);
    expect(reply.json.rejected).toEqual([
      expect.objectContaining({ id: stamp.id, code: "unknown-program-version" }),
    ]);
    expect((await cardState(card.cardId)).lifetimeStamps).toBe(0);
  });
});
