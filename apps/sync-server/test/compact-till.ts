import { CompactReplica, firstIssue, type Program, type StampEvent } from "@stamp/core";
import {
  COMPACT_CARDS_PROTOCOL,
  type CompactCardBody,
  type CursorPosition,
  compactCardJson,
  cursorPosition,
  parseCompactCard,
  parseSyncAnswer,
  type SyncAnswer,
} from "@stamp/wire-protocol";
import { expect } from "vitest";
import type { Services } from "../src/services";
import type { DeviceRecord, PullScope } from "../src/storage/store";
import { type CardPull, cardPull, cardPullPage } from "../src/sync/compact-first-pull";
import { locationPullScope, pullStart } from "../src/sync/pull-scope";
import { pullPage } from "../src/sync/round-page";
import type { TestDevice } from "./fixtures";

/**
 * A till of protocol 5 that pulls page by page as a sync round does (`cardPull`, else `pullPage`,
 * in its location's scope read afresh each round), with pages of `limit` cards, and holds what it
 * pulled as the kiosk does (`CompactReplica`; cards parsed from their wire form).
 */
export class CompactTill {
  readonly replica: CompactReplica;
  cursor: CursorPosition;

  constructor(
    readonly services: Services,
    readonly device: DeviceRecord,
    program: Program,
  ) {
    this.replica = new CompactReplica(() => program);
    this.cursor = cursorPosition(null, services.logEpoch);
  }

  /** One round's pull; what it was (a pull of cards, or null) and the cards it sent. */
  async page(limit: number): Promise<{
    readonly more: boolean;
    readonly pull: CardPull | null;
    readonly cards: readonly string[];
  }> {
    const { services, device } = this;
    const { store } = services;
    if (this.cursor === "start-over") throw new Error("no cursor of the past here");
    const { head, location, region } = await store.syncPlace(
      device.id,
      device.merchantId,
      device.locationId,
    );
    const scope: PullScope = location ? locationPullScope(location, region) : { kind: "merchant" };
    const pull = cardPull(this.cursor, scope, head, device, Date.now());
    const page = pull
      ? await cardPullPage(services, device, pull, limit)
      : await pullPage(
          services,
          device,
          { scope, position: pullStart(this.cursor, scope), compact: true },
          { kind: "asked", head },
        );
    const cards = page.cards ?? [];
    this.#seed(cards);
    this.replica.ingest(
      page.events.map((body) => JSON.parse(body) as StampEvent),
      { kind: "pulled" },
    );
    this.cursor = cursorPosition(page.cursor, services.logEpoch);
    return { more: page.more, pull, cards: cards.map((card) => card.cardId) };
  }

  #seed(cards: readonly CompactCardBody[]): void {
    for (const body of cards) {
      const card = parseCompactCard(JSON.parse(compactCardJson(body, COMPACT_CARDS_PROTOCOL)));
      if (!card.ok) throw new Error(firstIssue(card.issues));
      this.replica.seed(card.value);
    }
  }
}

/**
 * One round of a till of protocol 5 over HTTP, read by the wire protocol's parser as the till reads
 * it; `wait`: seconds the server may hold its pull.
 */
export async function compactRound(
  till: TestDevice,
  events: unknown[] = [],
  wait?: number,
): Promise<SyncAnswer> {
  const reply = await till.sync(events, till.cursor, wait);
  expect(reply.status, reply.text).toBe(200);
  const parsed = parseSyncAnswer(reply.json);
  if (!parsed.ok) throw new Error(firstIssue(parsed.issues));
  return parsed.value;
}
