import "../testing/fake-idb";
import { readyRewards, type StampEvent, type Voucher } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { redeemStillDue, undoStillDue } from "../cards/card-actions";
import { CardLedger } from "../cards/card-ledger";
import type { RecordRead } from "../cards/card-record";
import { readCardRecordsFor, recordsByCard } from "../storage/card-records";
import { openStampDb } from "../storage/db";
import { type EventDraft, loadClock, loggedWrites } from "../storage/event-writer";
import { LogWrites } from "../storage/log-writes";
import { CARD, DEVICE, MERCHANT, makeProgram, PROGRAM, stampEvent, T0 } from "../testing/fixtures";
import { OTHER_CARD } from "../testing/ledger-reads";
import { type CardWrites, cardWrites, type ShownCard } from "./card-writes";
import { DeviceClock } from "./device-clock";

const program = makeProgram({ goal: 2 });
const programs = new Map([[PROGRAM, program]]);

/**
 * A tab of the kiosk: its own connection to the one database of the origin, its own memory and
 * writes. Its notices to other tabs are still on the way (`written` tells nobody).
 */
async function tab(name: string): Promise<{ writes: CardWrites; ledger: CardLedger }> {
  const db = openStampDb("relaxed", name);
  const ledger = new CardLedger(
    (cardId, begin) => readCardRecordsFor(db, [cardId], begin).then(([read]) => read as RecordRead),
    programs,
  );
  const writes = cardWrites({
    db,
    durable: (operation) => operation(),
    withRoom: (write) => write(),
    clock: new DeviceClock(await loadClock(db, DEVICE)),
    now: () => T0,
    writes: new LogWrites(await loggedWrites(db)),
    ledger,
    author: () => ({ deviceId: DEVICE, merchantId: MERCHANT }),
    written: () => {},
  });
  await ledger.warmUp(recordsByCard(db));
  await ledger.open(CARD);
  return { writes, ledger };
}

/** Two tabs showing CARD, which the log holds these events of. */
async function twoTabs(name: string, events: readonly StampEvent[]) {
  await openStampDb("relaxed", name).log.bulkAdd([...events]);
  return [await tab(name), await tab(name)] as const;
}

const logged = async (name: string, type: StampEvent["type"]) =>
  (await openStampDb("relaxed", name).log.toArray()).filter((e) => e.type === type).length;

/** A screen action's decision as `CardPanel` makes it: its draft, or "changed meanwhile". */
function decided(draft: EventDraft | null, done: string) {
  return draft ? { drafts: [draft], result: done } : { drafts: [], result: "changed meanwhile" };
}

/** Staff hand over the reward they see ready. */
function handOver(voucher: Voucher) {
  return ({ state }: ShownCard) =>
    decided(redeemStillDue(program, state, voucher, "staff", T0), "handed over");
}

/** Staff take back the stamp they see as the last one. */
function undo(target: StampEvent) {
  return ({ events }: ShownCard) =>
    decided(undoStillDue(events, DEVICE, target, "undone"), "undone");
}

describe("screen actions in two tabs of one till", () => {
  it("hand a reward over once: the second tab's decision on memory is taken again on the log", async () => {
    const name = "screen-actions-redeem";
    const [a, b] = await twoTabs(name, [stampEvent(T0 - 2000), stampEvent(T0 - 1000)]);
    const voucher = readyRewards(b.ledger.state(program, CARD), T0)[0] as Voucher;
    const voucherId = voucher.id;

    expect((await a.writes.act(program, CARD, handOver(voucher))).result).toBe("handed over");
    // B still shows the reward ready: A's notice has not reached it.
    expect(readyRewards(b.ledger.state(program, CARD), T0).map((v) => v.id)).toEqual([voucherId]);
    const seen: string[] = [];
    const second = await b.writes.act(program, CARD, (card) => {
      const decision = handOver(voucher)(card);
      seen.push(decision.result);
      return decision;
    });

    // Decided on memory, then again on the log, which holds A's hand-over.
    expect(seen).toEqual(["handed over", "changed meanwhile"]);
    expect(second).toMatchObject({ result: "changed meanwhile", events: [] });
    expect(await logged(name, "reward.handed_over")).toBe(1);
    // B's memory took the card as the log holds it.
    expect(readyRewards(b.ledger.state(program, CARD), T0)).toEqual([]);
  });

  it("undo a stamp once", async () => {
    const name = "screen-actions-undo";
    const stamped = stampEvent(T0 - 1000);
    const [a, b] = await twoTabs(name, [stamped]);

    expect((await a.writes.act(program, CARD, undo(stamped))).result).toBe("undone");
    const second = await b.writes.act(program, CARD, undo(stamped));

    expect(second).toMatchObject({ result: "changed meanwhile", events: [] });
    expect(await logged(name, "stamps.revoked")).toBe(1);
  });

  it("a tab closed between its write and its notice leaves the others on memory after one read of the log", async () => {
    const name = "screen-actions-closed-tab";
    const [a, b] = await twoTabs(name, [stampEvent(T0 - 1000)]);
    await a.writes.stamp(program, CARD, stampOn(CARD));
    // A is closed: its notice never reaches B, whose memory holds CARD without A's stamp.
    const decisions = async (cardId: string) => {
      let decided = 0;
      const { before } = await b.writes.stamp(program, cardId, (state) => {
        decided += 1;
        return stampOn(cardId)(state);
      });
      return { decided, before: before.lifetimeStamps };
    };

    // Behind: decided on memory, then on the log, whose clock row names A's write and its card.
    expect(await decisions(OTHER_CARD)).toEqual({ decided: 2, before: 0 });
    // Heard of from then on: decided on memory.
    expect(await decisions(OTHER_CARD)).toEqual({ decided: 1, before: 1 });
    // CARD was forgotten: read from the log, A's stamp with it.
    expect(b.ledger.knownState(program, CARD)).toBeNull();
    expect(await decisions(CARD)).toEqual({ decided: 1, before: 2 });
  });
});

/** A stamp, as a scan decides it. */
function stampOn(cardId: string) {
  return (_: unknown) => ({
    drafts: [
      { type: "stamps.added", programId: PROGRAM, cardId, count: 1, channel: "staff" } as const,
    ],
    result: null,
  });
}
