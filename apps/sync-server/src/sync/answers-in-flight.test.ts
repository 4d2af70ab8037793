import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { enroll, type Reply, TestDevice, twoShopServer } from "../../test/fixtures";
import { DATABASES, type TestServer } from "../../test/test-server";
import { PULL_SLOTS } from "./pull-gate";

/**
 * An instance builds at most PULL_SLOTS answers at once, whoever asked (issue 13: peak RSS in the
 * all-busy steps): a round that pushes commits its stamps at once, then waits for a slot of the
 * server's own pull gate to read and compose its page. Nothing before the page waits for a slot or
 * holds one (issue 13: idle tills' place reads held the slots on PostgreSQL), and a round that
 * pushed nothing from its view's head, where its scope's tail covers it, has no page to read
 * (`round-page.ts`): it takes none.
 */
describe.each(DATABASES)("answers in flight (%s)", (database) => {
  let server: TestServer;
  let key: string;

  beforeAll(async () => {
    ({ server, key } = await twoShopServer(database));
  });
  afterAll(() => server.close());

  /** Takes every slot of the server's gate until the test lets each go, one at a time. */
  function takeEverySlot() {
    const gate = server.services.pullGate;
    const lets: (() => void)[] = [];
    const holds = Array.from({ length: PULL_SLOTS }, () =>
      gate.run(() => new Promise<void>((done) => lets.push(done))),
    );
    return {
      letOne: () => lets.shift()?.(),
      letAll: () => {
        for (const l of lets.splice(0)) l();
      },
      holds,
    };
  }

  it("commits a pushing round's stamps while every slot is taken, then answers it through one freed slot", async () => {
    const tills = await Promise.all([0, 1, 2].map(() => TestDevice.pair(server)));
    for (const till of tills) await till.pullAll();
    const cards = await Promise.all(tills.map(() => enroll(server, key, server.seed.programId)));
    for (const till of tills) await till.pullAll();
    const gate = server.services.pullGate;
    const slots = takeEverySlot();
    try {
      const stamps = tills.map((till, i) => till.stamp(cards[i]?.cardId as string));
      const answered: Reply[] = [];
      const rounds = tills.map((till, i) =>
        till.sync([stamps[i]]).then((reply) => {
          answered.push(reply);
          return reply;
        }),
      );
      // Each round waits for a slot (the gate says so; nothing is timed)...
      await vi.waitFor(() => expect(gate.waiting).toBe(tills.length), { timeout: 20_000 });
      // ... with its stamp already in the log, and no answer built.
      for (const { cardId } of cards) {
        const card = await server.services.store.getCard(server.seed.merchantId, cardId);
        expect(card?.state.stamps).toBe(1);
      }
      expect(answered).toEqual([]);

      // One slot freed while the others stay taken: the three answers are built in it, in turn.
      slots.letOne();
      const replies = await Promise.all(rounds);
      expect(gate.waiting).toBe(0);
      for (const [i, reply] of replies.entries()) {
        expect(reply.status).toBe(200);
        expect(reply.json.accepted).toEqual([stamps[i]?.id]);
        // Nothing lost: each till gets the other two stamps, in this answer or its next pulls.
        const pulled = [...reply.json.events, ...((await tills[i]?.pullAll()) ?? [])];
        const others = stamps.filter((_, j) => j !== i).map((s) => s?.id);
        expect(pulled.map((e: { id: string }) => e.id).sort()).toEqual(others.sort());
      }
    } finally {
      slots.letAll();
      await Promise.all(slots.holds);
    }
  });

  it("reads a round's place while every slot is taken: only a round with a page to read waits for one", async () => {
    const till = await TestDevice.pair(server);
    const other = await TestDevice.pair(server);
    const idle = await TestDevice.pair(server);
    const { cardId } = await enroll(server, key, server.seed.programId);
    await till.pullAll();
    const stamp = other.stamp(cardId);
    expect((await other.sync([stamp])).json.accepted).toEqual([stamp.id]);
    // The stamp is after `till`'s cursor; `idle` is at its view's head, in the span its pull read.
    await idle.pullAll();
    const gate = server.services.pullGate;
    const slots = takeEverySlot();
    try {
      // Refused on what its place read says (a cursor past the log's end), without a slot.
      const refused = await till.sync([], "p10000000");
      expect(refused.status).toBe(409);
      expect(refused.json.error.code).toBe("cursor-ahead");
      // At its view's head, a round has no page to read: answered empty, without a slot.
      const atHead = await idle.sync();
      expect(atHead.status).toBe(200);
      expect(atHead.json.events).toEqual([]);
      expect(gate.waiting).toBe(0);
      // A round with a page to read waits for a slot, and gets its answer through one.
      const round = till.sync();
      await vi.waitFor(() => expect(gate.waiting).toBe(1), { timeout: 20_000 });
      slots.letOne();
      const reply = await round;
      expect(reply.status).toBe(200);
      expect(reply.json.events.map((event: { id: string }) => event.id)).toEqual([stamp.id]);
    } finally {
      slots.letAll();
      await Promise.all(slots.holds);
    }
  });
});
