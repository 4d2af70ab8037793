import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { call, enroll, startPosTestServer } from "../../test/fixtures";

const { server, key } = await startPosTestServer();

async function setGoal(goal: number): Promise<void> {
  const { store } = server.services;
  const record = await store.getProgram(server.seed.merchantId, server.seed.programId);
  if (!record) throw new Error("no demo program");
  const { program } = record;
  const next = { ...program, version: program.version + 1, goal };
  expect(await store.updateProgram(next, program.version, Date.now())).toBe(true);
}

const stamp = (cardId: string, count: number) =>
  call(server, "POST", "/api/v1/stamps", {
    token: key,
    body: { card: cardId, count },
    headers: { "idempotency-key": randomUUID() },
  });

const cardState = async (cardId: string) =>
  (await call(server, "GET", `/api/v1/cards/${cardId}`, { token: key })).json;

describe("a program's goal changes", () => {
  it("refolds its cards with the new goal and re-versions their passes", async () => {
    const card = await enroll(server, key, server.seed.programId);
    expect((await stamp(card.cardId, 5)).status).toBe(200);
    expect(await cardState(card.cardId)).toMatchObject({ goal: 10, stamps: 5, cycles: 0 });
    const before = await server.services.wallet.store.getPass(card.cardId);

    await setGoal(4);

    const after = await cardState(card.cardId);
    expect(after).toMatchObject({ goal: 4, lifetimeStamps: 5, stamps: 1, cycles: 1 });
    expect(after.vouchers).toHaveLength(1);
    const pass = await server.services.wallet.store.getPass(card.cardId);
    expect(pass?.updateSeq).toBeGreaterThan(before?.updateSeq ?? Number.POSITIVE_INFINITY);

    // Later stamps go on from the refolded state, with the new goal.
    expect((await stamp(card.cardId, 3)).status).toBe(200);
    expect(await cardState(card.cardId)).toMatchObject({ goal: 4, stamps: 0, cycles: 2 });
  });

  it("leaves card states alone when the goal stays", async () => {
    const card = await enroll(server, key, server.seed.programId);
    const before = await server.services.store.getCard(server.seed.merchantId, card.cardId);
    const record = await server.services.store.getProgram(
      server.seed.merchantId,
      server.seed.programId,
    );
    await setGoal(record?.program.goal ?? 0);
    expect(await server.services.store.getCard(server.seed.merchantId, card.cardId)).toEqual(
      before,
    );
  });
});
