import { type CompactCard, compactCard, type StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { CARD, stampEvent, T0 } from "../testing/fixtures";
import {
  cards,
  deferred,
  loads,
  NOTHING,
  OTHER_CARD,
  OWN,
  PULLED,
  program,
  programs,
  readAfter,
  readElsewhere,
  rec,
} from "../testing/ledger-reads";
import { CardLedger } from "./card-ledger";
import type { RecordRead } from "./card-record";

describe("CardLedger reread (cards a compact pull stored)", () => {
  it("folds them again, so a scan knows them without reading; meanwhile it reads", async () => {
    const ledger = new CardLedger(NOTHING, programs);
    await ledger.warmUp(cards(rec([stampEvent(T0)])));
    const gate = deferred<void>();
    const rereading = ledger.reread(
      [CARD],
      readAfter(ledger.begin, gate.promise, rec([stampEvent(T0), stampEvent(T0 + 1)])),
    );
    expect(ledger.knownState(program, CARD)).toBeNull();
    expect(ledger.holds(CARD)).toBe(false);
    ledger.ingest([stampEvent(T0 + 5)], PULLED);
    gate.resolve();
    await rereading;
    expect(ledger.knownState(program, CARD)?.stamps).toBe(3);
    expect(ledger.holds(CARD)).toBe(true);
  });

  it("leaves a card a scan read meanwhile to the scan's read", async () => {
    const ledger = new CardLedger(NOTHING, programs);
    await ledger.warmUp(cards());
    const gate = deferred<void>();
    // Read before the scan's transaction wrote its stamp.
    const rereading = ledger.reread(
      [CARD],
      readAfter(ledger.begin, gate.promise, rec([stampEvent(T0)])),
    );
    readElsewhere(ledger)(rec([stampEvent(T0), stampEvent(T0 + 1), stampEvent(T0 + 2)]));
    gate.resolve();
    await rereading;
    expect(ledger.knownState(program, CARD)?.stamps).toBe(3);
  });

  it("leaves a card read again by a later call to that call's read", async () => {
    const ledger = new CardLedger(NOTHING, programs);
    await ledger.warmUp(cards());
    const first = deferred<void>();
    const earlier = ledger.reread(
      [CARD],
      readAfter(ledger.begin, first.promise, rec([stampEvent(T0)])),
    );
    const second = deferred<void>();
    const later = ledger.reread(
      [CARD],
      readAfter(ledger.begin, second.promise, rec([stampEvent(T0), stampEvent(T0 + 1)])),
    );
    first.resolve();
    await earlier;
    expect(ledger.knownState(program, CARD)).toBeNull();
    second.resolve();
    await later;
    expect(ledger.knownState(program, CARD)?.stamps).toBe(2);
  });

  it("reads one reread at a time: a later one begins reading once the earlier one ended", async () => {
    const ledger = new CardLedger(NOTHING, programs);
    await ledger.warmUp(cards());
    const begun: string[] = [];
    async function* noted(name: string, reads: AsyncIterable<RecordRead>) {
      begun.push(name);
      yield* reads;
    }
    const first = deferred<void>();
    const earlier = ledger.reread(
      [CARD],
      noted("earlier", readAfter(ledger.begin, first.promise, rec([stampEvent(T0)]))),
    );
    const other = { ...rec([stampEvent(T0, { cardId: OTHER_CARD })]), cardId: OTHER_CARD };
    const later = ledger.reread(
      [OTHER_CARD],
      noted("later", readAfter(ledger.begin, Promise.resolve(), other)),
    );
    expect(begun).toEqual(["earlier"]);
    first.resolve();
    await Promise.all([earlier, later]);
    expect(begun).toEqual(["earlier", "later"]);
    expect(ledger.knownState(program, OTHER_CARD)?.stamps).toBe(1);
  });

  it("drops its read of a card forgotten again meanwhile, and one it could not read", async () => {
    const ledger = new CardLedger(NOTHING, programs);
    await ledger.warmUp(cards());
    const gate = deferred<void>();
    const rereading = ledger.reread(
      [CARD, OTHER_CARD],
      readAfter(ledger.begin, gate.promise, rec([stampEvent(T0)])),
    );
    ledger.forget([CARD]);
    gate.resolve();
    await rereading;
    expect(ledger.knownState(program, CARD)).toBeNull();
    expect(ledger.knownState(program, OTHER_CARD)).toBeNull();
    // Nothing is kept for them any more: a pulled event leaves them doubtful, read on their scan.
    ledger.ingest([stampEvent(T0 + 1)], PULLED);
    expect(ledger.knownState(program, CARD)).toBeNull();
    readElsewhere(ledger)(rec([stampEvent(T0), stampEvent(T0 + 1)]));
    expect(ledger.knownState(program, CARD)?.stamps).toBe(2);
  });
});

describe("CardLedger reads elsewhere, newest first (each carries its generation)", () => {
  const history = Array.from({ length: 6 }, (_, i) => stampEvent(T0 + 10 + i));
  // The server's compact card of CARD: 4 stamps in the snapshot, 2 in the tail.
  const card = compactCard(program, CARD, 30, null, history, 2) as CompactCard;
  const stored = (more: readonly StampEvent[]) => ({
    ...rec(card.tail, { kind: "stored", by: 30 }, card),
    held: [...rec(card.tail, { kind: "stored", by: 30 }).held, ...rec(more, OWN).held],
  });

  it("refuses a scan's read that began before a card refresh's and is adopted after it", async () => {
    const ledger = new CardLedger(NOTHING, programs);
    await ledger.warmUp(cards());
    // A scan of a card the till holds nothing of: its transaction reads nothing and stamps.
    const scan = readElsewhere(ledger);
    const stamp = stampEvent(T0 + 100);
    // Meanwhile the refresh stores the server's compact card and reads the card again, after the
    // scan's transaction: it sees the stamp beside the compact card.
    const refresh = readElsewhere(ledger);
    refresh(stored([stamp]));
    expect(ledger.knownState(program, CARD)).toBeNull();
    // The scan's older read resolves last.
    scan(rec([stamp], OWN));
    expect(ledger.knownState(program, CARD)?.lifetimeStamps).toBe(7);
  });

  it("keeps what arrives until the last read of the card is adopted", async () => {
    const ledger = new CardLedger(NOTHING, programs);
    await ledger.warmUp(cards());
    const scan = readElsewhere(ledger);
    const refresh = readElsewhere(ledger);
    scan(rec([]));
    // Pulled after both reads began: neither holds it.
    const pulled = stampEvent(T0 + 200);
    ledger.ingest([pulled], PULLED);
    refresh(stored([]));
    expect(ledger.knownState(program, CARD)?.lifetimeStamps).toBe(7);
  });

  it("refuses a read that began before another tab changed the card", async () => {
    const ledger = new CardLedger(NOTHING, programs);
    await ledger.warmUp(cards());
    const scan = readElsewhere(ledger);
    // Another tab wrote to the card after the scan's transaction began, and said so.
    ledger.forget([CARD]);
    scan(rec([stampEvent(T0)], OWN));
    expect(ledger.knownState(program, CARD)).toBeNull();
    // The next scan's read has it all.
    readElsewhere(ledger)(rec([stampEvent(T0), stampEvent(T0 + 1)], OWN));
    expect(ledger.knownState(program, CARD)?.stamps).toBe(2);
  });

  it("leaves a card closed whose screen read began before another tab changed it", async () => {
    let events = [stampEvent(T0)];
    const gate = deferred<void>();
    const ledger = new CardLedger(
      loads(async () => {
        const read = rec(events);
        await gate.promise;
        return read;
      }),
      programs,
    );
    const opening = ledger.open(CARD);
    events = [...events, stampEvent(T0 + 1)];
    ledger.forget([CARD]);
    gate.resolve();
    await opening;
    expect(ledger.isOpen(CARD)).toBe(false);
    await ledger.open(CARD);
    expect(ledger.state(program, CARD).stamps).toBe(2);
  });
});
