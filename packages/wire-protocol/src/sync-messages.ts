import {
  CardStateSchema,
  type CompactCard,
  isoToMs,
  type Parsed,
  parseWith,
  type RejectionCode,
  type StampEvent,
} from "@stamp/core";
import * as v from "valibot";
import {
  COMPACT_CARDS_PROTOCOL,
  type CompactCardBody,
  compactCardJson,
  parseCompactCards,
} from "./compact-cards";
import { MAX_STREAM, PULL_STREAM } from "./pull-stream";
import { MAX_WAIT, PULL_WAIT, WAIT_AFTER } from "./pull-wait";
import { parseEvents } from "./pulled-events";
import { eventsForPeer } from "./staff-events";
import { CURSOR_TEXT } from "./sync-cursor";

/** `POST /api/v1/sync` takes at most this many events at once (413/400 beyond). */
export const MAX_PUSHED_EVENTS = 1000;

const ISO_UTC = v.pipe(
  v.string(),
  v.check((s) => isoToMs(s) !== null, "must be an ISO-8601 UTC time like 2026-11-22T09:30:00.000Z"),
);

const CURSOR = v.pipe(
  v.string("must be a string or null"),
  v.regex(CURSOR_TEXT, "must be a cursor from an earlier answer"),
);

/**
 * What a device sends. Strict: an unknown field is refused rather than ignored. Events are checked
 * one by one by the server (`parseEvent`), so one bad event never fails the batch.
 */
export const SyncRequestSchema = v.strictObject({
  /** Opaque to devices: null (or "0") for everything, else the `cursor` of an earlier answer. */
  cursor: v.nullable(CURSOR),
  events: v.pipe(
    v.array(v.unknown(), "must be an array"),
    v.maxLength(MAX_PUSHED_EVENTS, `at most ${MAX_PUSHED_EVENTS} events per request`),
  ),
  /** The device's wall clock when it sent the request, so its skew can be shown to the merchant. */
  deviceTime: v.optional(ISO_UTC),
  /**
   * Seconds the server may hold the pull when nothing new is in the device's scope (`pull-wait.ts`);
   * only with no events, and only to a server whose answer offered `maxWait`.
   */
  wait: v.optional(PULL_WAIT),
  /**
   * Answer this held pull as a stream (`pull-stream.ts`): only with `wait` and no events, and only
   * to a server whose answer offered `maxStream`.
   */
  stream: v.optional(PULL_STREAM),
});

export type SyncRequestBody = v.InferOutput<typeof SyncRequestSchema>;

/** What a device builds: its own events, already valid. */
export interface SyncRequest {
  readonly cursor: string | null;
  readonly events: readonly StampEvent[];
  readonly deviceTime?: string;
  readonly wait?: number;
  readonly stream?: boolean;
}

/**
 * Answers are read leniently where a newer server may add something an older kiosk can ignore:
 * unknown fields pass, and a rejection code the kiosk does not know is shown as a generic refusal.
 */
const RejectedEventSchema = v.object({
  /** The event's `id` as sent (null when it had none), and its position in the batch. */
  id: v.nullable(v.string()),
  index: v.pipe(v.number(), v.integer(), v.minValue(0)),
  code: v.string(),
  message: v.string(),
});

export const SyncAnswerSchema = v.object({
  accepted: v.array(v.string()),
  duplicates: v.array(v.string()),
  rejected: v.array(RejectedEventSchema),
  /** Checked one by one by `parseSyncAnswer` (a device skips its own echoed events unread). */
  events: v.array(v.unknown()),
  cursor: CURSOR,
  more: v.boolean(),
  serverTime: ISO_UTC,
  maxWait: MAX_WAIT,
  /** When the till starts its next held pull at the earliest (`pull-wait.ts`). */
  waitAfterMs: WAIT_AFTER,
  /** How long the server will stream this device's next held pull (`pull-stream.ts`). */
  maxStream: MAX_STREAM,
  /**
   * Protocol 5: cards sent as compact state instead of their events (a card that joined the
   * till's scope, or one with a late event: stamp-core SPEC CS4); checked by `parseSyncAnswer`.
   */
  cards: v.optional(v.array(v.unknown()), []),
});

/** One refused event, as the server sends it (`code` is one of stamp-core's REJECTION_CODES). */
export interface RejectedEvent extends v.InferOutput<typeof RejectedEventSchema> {
  readonly code: RejectionCode;
}

/** The answer the server builds: pulled events are the stored canonical JSON of each event. */
export interface SyncAnswerBody
  extends Omit<v.InferOutput<typeof SyncAnswerSchema>, "rejected" | "events" | "cards"> {
  readonly rejected: readonly RejectedEvent[];
  readonly events: readonly string[];
  /** Only for peers of `COMPACT_CARDS_PROTOCOL` or later, who then get none of their events. */
  readonly cards?: readonly CompactCardBody[];
}

/** The answer as a device reads it. */
export interface SyncAnswer
  extends Omit<v.InferOutput<typeof SyncAnswerSchema>, "events" | "cards"> {
  readonly events: readonly StampEvent[];
  readonly cards: readonly CompactCard[];
}

/**
 * The answer as JSON for a peer of protocol `peer`: every field serialised once by
 * `JSON.stringify`; the pulled events go in as the stored bytes, which were validated and
 * canonicalised when they were written — parsing and re-encoding a page of 1000 events would cost
 * more than the rest of the round — less the fields an older peer cannot read (`eventsForPeer`).
 */
export function syncAnswerJson(answer: SyncAnswerBody, peer: number): string {
  return syncAnswerParts(answer, peer).join("");
}

/**
 * `syncAnswerJson` in pieces (the head, each event, each card, the commas between), which joined
 * are the answer: a server encodes them a few at a time into its response bytes, never as one
 * string of a whole page (100–400 kB strings live in V8's large-object space until a full GC).
 */
export function syncAnswerParts(answer: SyncAnswerBody, peer: number): string[] {
  const { events, cards = [], ...fields } = answer;
  return syncPageParts(events, cards, peer, syncAnswerHead(fields));
}

/** What of a sync answer is not its page: its fields, up to where its events begin. */
export type SyncAnswerFields = Omit<SyncAnswerBody, "events" | "cards">;

/**
 * The first part of `syncAnswerParts`: the answer's fields, every one serialised once by
 * `JSON.stringify`, up to where its events begin. All that differs between the answers of tills
 * given the same page (their `waitAfterMs`, the `serverTime` of their answer).
 */
export function syncAnswerHead(fields: SyncAnswerFields): string {
  return `${JSON.stringify(fields).slice(0, -1)},"events":[`;
}

/**
 * The rest of `syncAnswerParts` after `head` (its first part): the page's events and cards for a
 * peer of protocol `peer`, and the answer's end. The same for every till given the same page.
 */
export function syncPageParts(
  events: readonly string[],
  cards: readonly CompactCardBody[],
  peer: number,
  head: string,
): string[] {
  if (cards.length > 0 && peer < COMPACT_CARDS_PROTOCOL)
    throw new Error(`a peer of protocol ${peer} cannot read compact cards`);
  const sent = eventsForPeer(peer, events);
  const cardsJson = cards.map((card) => compactCardJson(card, peer));
  // Made at its length, not grown a part at a time: a page's ~2,000 parts grown by push left
  // about as many again behind as garbage, every answer (issue 16).
  const listed = (items: readonly string[]) => Math.max(0, 2 * items.length - 1);
  const count = 3 + listed(sent) + (cardsJson.length > 0 ? 2 + listed(cardsJson) : 0);
  const parts = new Array<string>(count);
  let at = 0;
  const add = (part: string) => {
    parts[at++] = part;
  };
  const list = (items: readonly string[]) => {
    for (const [i, item] of items.entries()) {
      if (i > 0) add(",");
      add(item);
    }
  };
  add(head);
  list(sent);
  add("]");
  if (cardsJson.length > 0) {
    add(',"cards":[');
    list(cardsJson);
    add("]");
  }
  add("}");
  return parts;
}

/**
 * Checks a sync answer in full before anything is stored. An event this version cannot parse
 * fails the whole page: skipping it would move the cursor past it for good (RxDB #6684).
 * Pulled events whose ids are in `echo` (a device's own pushes coming back) are already in its
 * log: they are dropped unread, which halves the parsing of a backlog.
 */
export function parseSyncAnswer(
  body: unknown,
  echo: ReadonlySet<string> = new Set(),
): Parsed<SyncAnswer> {
  const envelope = parseWith(SyncAnswerSchema, body);
  if (!envelope.ok) return envelope;
  const events = parseEvents(envelope.value.events, echo);
  if (!events.ok) return events;
  const cards = parseCompactCards(envelope.value.cards);
  if (!cards.ok) return cards;
  return { ok: true, value: { ...envelope.value, events: events.value, cards: cards.value } };
}

/**
 * `GET /api/v1/sync/cards/:cardId`: every event of one card of the till's merchant, for a card
 * scanned outside the till's scope (protocol 2). The till merges them into its log like pulled
 * events; they move no cursor.
 */
export const CardEventsAnswerSchema = v.object({
  cardId: v.string(),
  /** Checked one by one by `parseCardEventsAnswer`. Protocol 5: the tail after `snapshot`. */
  events: v.array(v.unknown()),
  /** Protocol 5: the card as compact state (stamp-core SPEC CS1): read at log position `at`. */
  at: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  snapshot: v.optional(v.nullable(CardStateSchema)),
});

/**
 * The answer the server builds: the stored canonical JSON of each event, or for a peer of
 * protocol 5 the compact card (its tail as `events`).
 */
export type CardEventsAnswerBody =
  | { readonly cardId: string; readonly events: readonly string[] }
  | { readonly compact: CompactCardBody };

export interface CardEventsAnswer {
  readonly cardId: string;
  readonly events: readonly StampEvent[];
  /** From a server of protocol 5: the card as compact state (its tail is `events`). */
  readonly compact: CompactCard | null;
}

/** The answer as JSON for a peer of protocol `peer` (events as in `syncAnswerJson`). */
export function cardEventsAnswerJson(answer: CardEventsAnswerBody, peer: number): string {
  if ("compact" in answer) {
    if (peer < COMPACT_CARDS_PROTOCOL)
      throw new Error(`a peer of protocol ${peer} cannot read compact cards`);
    const { cardId, at, snapshot, tail } = answer.compact;
    const head = JSON.stringify({ cardId, at, snapshot });
    return `${head.slice(0, -1)},"events":[${eventsForPeer(peer, tail).join(",")}]}`;
  }
  const events = eventsForPeer(peer, answer.events);
  return `{"cardId":${JSON.stringify(answer.cardId)},"events":[${events.join(",")}]}`;
}

/** Checks the answer in full: one event this version cannot read fails it (nothing is stored). */
export function parseCardEventsAnswer(body: unknown): Parsed<CardEventsAnswer> {
  const envelope = parseWith(CardEventsAnswerSchema, body);
  if (!envelope.ok) return envelope;
  const { cardId, at, snapshot } = envelope.value;
  const events = parseEvents(envelope.value.events, new Set());
  if (!events.ok) return events;
  if (at === undefined) return { ok: true, value: { cardId, events: events.value, compact: null } };
  const strays = events.value.findIndex((e) => e.cardId !== cardId);
  if ((snapshot && snapshot.cardId !== cardId) || strays >= 0)
    return {
      ok: false,
      issues: [
        { path: strays >= 0 ? `events.${strays}` : "snapshot", message: "is of another card" },
      ],
    };
  const compact = { cardId, at, snapshot: snapshot ?? null, tail: events.value };
  return { ok: true, value: { cardId, events: events.value, compact } };
}
