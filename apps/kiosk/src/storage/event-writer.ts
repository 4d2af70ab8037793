import {
  createClock,
  EVENT_VERSION,
  type EventOf,
  firstIssue,
  type HlcClock,
  nodeIdForDevice,
  parseEvent,
  type StampEvent,
} from "@stamp/core";
import { Dexie } from "dexie";
import { v7 as uuidv7 } from "uuid";
import type { DeviceClock } from "../app/device-clock";
import type { CardRecord } from "../cards/card-record";
import { readCardRecord, recordStores } from "./card-records";
import { stillSeen, type Turn, takeTurn } from "./clock-turn";
import type { MetaRow, StampDb } from "./db";
import { keptWrites, type LoggedWrite, type LogWrites } from "./log-writes";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The event types a device creates itself. */
export type DeviceEvent = EventOf<
  "stamps.added" | "stamps.revoked" | "voucher.redeemed" | "reward.handed_over" | "voucher.revealed"
>;

/** What a screen decides; the writer adds identity, time and authorship. */
export type EventDraft = DistributiveOmit<
  DeviceEvent,
  "id" | "v" | "hlc" | "deviceId" | "merchantId" | "staffId"
>;

export interface Author {
  readonly deviceId: string;
  readonly merchantId: string;
  /** The staff member signed in, or who opened Kiosk or Autopilot (stamp-core SPEC V9). */
  readonly staffId?: string | undefined;
}

export async function loadClock(db: StampDb, deviceId: string): Promise<HlcClock> {
  const row = await db.meta.get("clock");
  const node = nodeIdForDevice(deviceId);
  if (row?.key !== "clock") return createClock(node);
  // A re-paired device gets a new node id but must not run its clock backwards.
  return row.value.node === node ? row.value : createClock(node, row.value.millis);
}

/**
 * Stores the clock moved by something other than an event write (a pull heard of a later one, held
 * events dated anew): the writes the row counts stay as they are (`LogWrites`).
 */
export async function storeClock(db: StampDb, clock: HlcClock): Promise<void> {
  const row = await db.meta.get("clock");
  const stored: MetaRow =
    row?.key === "clock" ? { ...row, value: clock } : { key: "clock", value: clock };
  await db.meta.put(stored);
}

/** How many event writes the log has had, any tab's (`LogWrites`). */
export async function loggedWrites(db: StampDb): Promise<number> {
  const row = await db.meta.get("clock");
  return row?.key === "clock" ? (row.writes ?? 0) : 0;
}

/** Stamps drafts with ids and HLC times; refuses any the server would refuse as malformed. */
function makeEvents(
  author: Author,
  drafts: readonly EventDraft[],
  clock: DeviceClock,
  nowMs: number,
): StampEvent[] {
  return drafts.map((draft): StampEvent => {
    const parsed = parseEvent({
      ...draft,
      id: uuidv7(),
      v: EVENT_VERSION,
      hlc: clock.stamp(nowMs),
      deviceId: author.deviceId,
      merchantId: author.merchantId,
      ...(author.staffId === undefined ? {} : { staffId: author.staffId }),
    });
    if (!parsed.ok) throw new Error(`invalid ${draft.type} event: ${firstIssue(parsed.issues)}`);
    return parsed.value;
  });
}

/**
 * The turn each tab's clock row gave it last, as it read or wrote the row (a tab has one
 * `DeviceClock`): what its next write expects to find, unless another tab wrote since.
 */
const seenTurns = new WeakMap<DeviceClock, Turn>();

/** Thrown in a write whose clock row moved from what it expected: its transaction aborts. */
class ClockRowMoved extends Error {}

/**
 * The writes of one batch of events, issued together so IndexedDB pipelines them. A scan makes
 * one event, and Dexie's single `add` is measurably lighter than a one-item `bulkAdd`. Gives the
 * turn of the write after it.
 */
async function append(
  db: StampDb,
  events: StampEvent[],
  clock: DeviceClock,
  turn: Turn,
): Promise<Turn> {
  const [only] = events;
  if (!only) return turn;
  const { write, recent } = turn;
  const single = events.length === 1;
  const cards = single ? [only.cardId] : [...new Set(events.map((e) => e.cardId))];
  // Typed as the row first: Dexie's insert type of a union keeps only the keys all rows share.
  const stored: MetaRow = {
    key: "clock",
    value: clock.current,
    writes: write,
    recent: keptWrites(recent, { write, cards }),
  };
  await Promise.all([
    single ? db.outbox.add(only) : db.outbox.bulkAdd(events),
    single ? db.log.add(only) : db.log.bulkAdd(events),
    db.meta.put(stored),
  ]);
  return { write: write + 1, recent: stored.recent ?? [] };
}

/**
 * What a write made: its events and its number (`LogWrites`), or nothing for memory behind; and
 * the last writes before it, as the clock row names them (`LogWrites.learn`).
 */
export type Written =
  | {
      readonly kind: "written";
      readonly events: StampEvent[];
      readonly write: number;
      readonly recent: readonly LoggedWrite[];
    }
  | { readonly kind: "behind"; readonly recent: readonly LoggedWrite[] };

/** A write's outcome and the turn its clock row gives the next one. */
interface Committed {
  readonly written: Written;
  readonly next: Turn;
}

/** The clock row read first, then the writes decided on it. */
function writeAfterReading(
  db: StampDb,
  author: Author,
  drafts: readonly EventDraft[],
  clock: DeviceClock,
  nowMs: number,
  decidedOn: LogWrites["upTo"] | undefined,
): Promise<Committed> {
  return db.transaction("rw", [db.outbox, db.log, db.meta], async () => {
    const turn = await takeTurn(db, clock);
    const { write, recent } = turn;
    if (decidedOn !== undefined && write - 1 > decidedOn)
      return { written: { kind: "behind", recent }, next: turn };
    const events = makeEvents(author, drafts, clock, nowMs);
    const next = await append(db, events, clock, turn);
    return { written: { kind: "written", events, write, recent }, next };
  });
}

/**
 * The writes sent with the clock row's read, not after it (one turn of the page's main thread less
 * before IndexedDB has them all), on the turn this tab expects; the read is checked before the
 * transaction can commit, and a row that moved aborts it with nothing written (`ClockRowMoved`).
 */
function writeExpecting(
  db: StampDb,
  author: Author,
  drafts: readonly EventDraft[],
  clock: DeviceClock,
  nowMs: number,
  seen: Turn,
): Promise<Committed> {
  return db.transaction("rw", [db.outbox, db.log, db.meta], async () => {
    const from = clock.current;
    // Made first: a draft refused here must not leave the read's check unawaited.
    const events = makeEvents(author, drafts, clock, nowMs);
    // Issued before the writes: requests of a transaction run in order, so it reads the row as
    // the other tabs left it.
    const checked = db.meta.get("clock").then((row) => {
      if (!stillSeen(row, seen, from)) throw new ClockRowMoved();
    });
    const [next] = await Promise.all([append(db, events, clock, seen), checked]);
    return { written: { kind: "written", events, write: seen.write, recent: seen.recent }, next };
  });
}

/**
 * Makes events durable: outbox, local log and the advanced HLC in ONE transaction, so a crash
 * leaves either all of it or none. Callers show success only after this resolves. `decidedOn`:
 * the drafts were decided on memory that had heard of the log's writes up to this number; if
 * another tab wrote since, nothing is written ("behind"). A tab's writes after its first are sent
 * with the clock row's read (`writeExpecting`); when another tab wrote or stored its clock in
 * between, that transaction aborts and the write is made again reading first.
 */
export async function writeEvents(
  db: StampDb,
  author: Author,
  drafts: readonly EventDraft[],
  clock: DeviceClock,
  nowMs: number,
  decidedOn?: LogWrites["upTo"],
): Promise<Written> {
  const seen = seenTurns.get(clock);
  let committed: Committed | undefined;
  // Within a caller's transaction the abort would take the caller's writes with it.
  const alone = !Dexie.currentTransaction;
  if (seen && alone && (decidedOn === undefined || seen.write - 1 <= decidedOn))
    committed = await writeExpecting(db, author, drafts, clock, nowMs, seen).catch(
      (error: unknown) => {
        if (error instanceof ClockRowMoved) return undefined;
        throw error;
      },
    );
  committed ??= await writeAfterReading(db, author, drafts, clock, nowMs, decidedOn);
  seenTurns.set(clock, committed.next);
  return committed.written;
}

export interface Decided<T> {
  /** What the till held of the card before this decision. */
  readonly stored: CardRecord;
  /** What `begin` gave as the transaction began (`CardLedger.begin`). */
  readonly generation: number;
  /** The events written (none when the decision was not to write). */
  readonly events: StampEvent[];
  /** The write's number (`LogWrites`); nothing was written under it when `events` is empty. */
  readonly write: number;
  /** The last writes before it (`LogWrites.learn`). */
  readonly recent: readonly LoggedWrite[];
  readonly result: T;
}

/**
 * Reads what the till holds of a card, lets `decide` look at it, and writes what it decided, all
 * in ONE read-write transaction: for a card whose state is not in memory, the check (cooldown,
 * caps) and the stamp stay atomic and cost one transaction instead of two.
 */
export async function decideAndWrite<T>(
  db: StampDb,
  author: Author,
  cardId: string,
  clock: DeviceClock,
  nowMs: number,
  decide: (stored: CardRecord) => { drafts: readonly EventDraft[]; result: T },
  begin: () => number,
): Promise<Decided<T>> {
  const { decided, next } = await db.transaction("rw", recordStores(db), async () => {
    const generation = begin();
    const [turn, stored] = await Promise.all([takeTurn(db, clock), readCardRecord(db, cardId)]);
    const { drafts, result } = decide(stored);
    const events = makeEvents(author, drafts, clock, nowMs);
    const next = await append(db, events, clock, turn);
    const decided = { stored, generation, events, write: turn.write, recent: turn.recent, result };
    return { decided, next };
  });
  seenTurns.set(clock, next);
  return decided;
}
