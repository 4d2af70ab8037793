import type { StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import type { HttpResult } from "../api/http";
import { CARD, stampEvent, T0 } from "../testing/fixtures";
import { type CardFetchDeps, fetchUnheldCard } from "./card-fetch";

/** A till's local log and a server answering `GET /api/v1/sync/cards/:cardId` with `answer`. */
function till(held: readonly StampEvent[], answer: HttpResult) {
  const log = [...held];
  const asked: string[] = [];
  const deps: CardFetchDeps = {
    holds: async (cardId) => log.some((e) => e.cardId === cardId),
    get: async (cardId) => {
      asked.push(cardId);
      return answer;
    },
    merge: async (events) => {
      log.push(...events);
    },
  };
  return { deps, log, asked };
}

const ok = (body: unknown): HttpResult => ({ kind: "ok", status: 200, body });

describe("fetchUnheldCard (stamp-core SPEC SC5)", () => {
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
    ];
    for (const answer of answers) {
      const { deps, log } = till([], answer);
      expect(await fetchUnheldCard(deps, CARD)).toBe("unavailable");
      expect(log).toEqual([]);
    }
  });

  it("keeps only the events of the card it asked for", async () => {
    const mine = stampEvent(T0);
    const stray = stampEvent(T0, { cardId: "c0000000-0000-4000-8000-000000000002" });
    const { deps, log } = till([], ok({ cardId: CARD, events: [mine, stray] }));
    expect(await fetchUnheldCard(deps, CARD)).toBe("fetched");
    expect(log).toEqual([mine]);
  });
});
