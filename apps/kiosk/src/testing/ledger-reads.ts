import type { Arrival, CompactCard, StampEvent } from "@stamp/core";
import type { CardLedger } from "../cards/card-ledger";
import type { CardRecord, RecordRead } from "../cards/card-record";
import { CARD, makeProgram, PROGRAM } from "./fixtures";

/** Helpers of the card ledger's tests: one program, CARD's records and the reads that end in `adopt`. */

export const program = makeProgram();
export const programs = new Map([[PROGRAM, program]]);
export const OTHER_CARD = "c0000000-0000-4000-8000-000000000002";

export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export const PULLED: Arrival = { kind: "pulled" };
export const OWN: Arrival = { kind: "own" };

/** What a till holds of CARD: these events (pulled unless said), beside a snapshot or none. */
export function rec(
  events: readonly StampEvent[],
  arrival = PULLED,
  snapshot: CompactCard | null = null,
): CardRecord {
  return {
    cardId: CARD,
    snapshot: snapshot && { at: snapshot.at, snapshot: snapshot.snapshot },
    held: events.map((event) => ({ event, arrival })),
  };
}

export async function* cards(...records: CardRecord[]) {
  yield* records;
}

/** The screen's read: what `stored` gives, begun as it is called. */
export function loads(stored: () => CardRecord | Promise<CardRecord>) {
  return async (_cardId: string, begin: () => number): Promise<RecordRead> => {
    const generation = begin();
    return { record: await stored(), generation };
  };
}

export const NOTHING = loads(() => rec([]));

/** A read of CARD elsewhere (a scan's transaction) that begins now; `adopt` it with what it read. */
export function readElsewhere(ledger: CardLedger) {
  ledger.expect(CARD);
  const generation = ledger.begin();
  return (record: CardRecord) => ledger.adopt({ record, generation });
}

/** A background reread's records: its read begins when iterated, and yields once `gate` opens. */
export async function* readAfter(
  begin: () => number,
  gate: Promise<void>,
  ...records: CardRecord[]
): AsyncGenerator<RecordRead> {
  const generation = begin();
  await gate;
  for (const record of records) yield { record, generation };
}
