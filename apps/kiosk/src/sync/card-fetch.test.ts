import { type CompactCard, compactCard, type StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import type { HttpResult } from "../api/http";
import { CARD, makeProgram, stampEvent, T0 } from "../testing/fixtures";
import { type CardFetchDeps, fetchCard, fetchUnheldCard } from "./card-fetch";

/** A till's local log and a server answering `GET /api/v1/sync/cards/:cardId` with `answer`. */
function till(held: readonly StampEvent[], answer: HttpResult) {
  const log = [...held];
  const asked: string[] = [];
  const kept: CompactCard[] = [];
  const deps: CardFetchDeps = {
    holds: async (cardId) => log.some((e) => e.cardId === cardId),
    get: async (cardId) => {
      asked.push(cardId);
      return answer;
    },
    keep: async (card) => {
      kept.push(card);
      return "kept";
    },
    merge: async (events) => {
      log.push(...events);
    },
  };
  return { deps, log, asked, kept };
}

const ok = (body: unknown): HttpResult => ({ kind: "ok", status: 200, body });

describe("fetchUnheldCard (stamp-core SPEC SC5, CS5)", () => {
  it("keeps a protocol-5 answer as the card's compact state: snapshot, its position and tail", async () => {
    const history = Array.from({ length: 6 }, (_, i) => stampEvent(T0 + i));
    const card = compactCard(makeProgram(), CARD, 17, null, history, 2) as CompactCard;
    const { cardId, at, snapshot, tail } = card;
    const { deps, log, kept } = till([], ok({ cardId, at, snapshot, events: tail }));
    expect(await fetchUnheldCard(deps, CARD)).toBe("fetched");
    expect(kept).toEqual([card]);
    expect(log).toEqual([]);
  });

  it("fetches a card it holds when asked to settle it (SPEC CS5)", async () => {
    const { deps, asked, kept } = till([stampEvent(T0)], ok({ cardId: CARD, at: 3, events: [] }));
    expect(await fetchCard(deps, CARD)).toBe("fetched");
    expect(asked).toEqual([CARD]);
    expect(kept).toEqual([{ cardId: CARD, at: 3, snapshot: null, tail: [] }]);
  });

  it("asks once more for a card read before the till folded its own snapshot, then goes on", async () => {
    for (const [answers, outcome, asks] of [
      [["stale", "kept"], "fetched", 2],
      [["stale", "stale"], "unavailable", 2],
    ] as const) {
      const { deps, asked } = till([stampEvent(T0)], ok({ cardId: CARD, at: 3, events: [] }));
      const kept = [...answers];
      const once: CardFetchDeps = { ...deps, keep: async () => kept.shift() ?? "kept" };
      expect(await fetchCard(once, CARD)).toBe(outcome);
      expect(asked).toHaveLength(asks);
    }
  });

  it("merges the events of a card the till holds nothing of", async () => {
    const events = [stampEvent(T0), stampEvent(T0 + 1000)];
    const { deps, log } = till([], ok({ cardId: CARD, events }));
    expect(await fetchUnheldCard(deps, CARD)).toBe("fetched");
    expect(log).toEqual(events);
  });

  it("asks nothing for a card the till holds: its sync keeps it current", async () => {
    const { deps, asked } = till([stampEvent(T0)], ok({ cardId: CARD, events: [] }));
    expect(await fetchUnheldCard(deps, CARD)).toBe("held");
    expect(asked).toEqual([]);
  });

  it("goes on from what the till knows when offline, refused, or answered with what it cannot read", async () => {
    const answers: HttpResult[] = [
      { kind: "network", message: "offline" },
      { kind: "error", status: 404, code: "card-not-found", message: "", retryAfterMs: null },
      ok({ cardId: CARD, events: [{ type: "from.the.future" }] }),
      ok({ cardId: "another card", events: [] }),
      ok({
        cardId: CARD,
        at: 4,
        snapshot: null,
        events: [stampEvent(T0, { cardId: "c0000000-0000-4000-8000-000000000002" })],
      }),
    ];
    for (const answer of answers) {
      const { deps, log, kept } = till([], answer);
      expect(await fetchUnheldCard(deps, CARD)).toBe("unavailable");
      expect(log).toEqual([]);
      expect(kept).toEqual([]);
    }
  });

  it("keeps only the events of the card it asked for (a server before protocol 5)", async () => {
    const mine = stampEvent(T0);
    const stray = stampEvent(T0, { cardId: "c0000000-0000-4000-8000-000000000002" });
    const { deps, log } = till([], ok({ cardId: CARD, events: [mine, stray] }));
    expect(await fetchUnheldCard(deps, CARD)).toBe("fetched");
    expect(log).toEqual([mine]);
  });
});
