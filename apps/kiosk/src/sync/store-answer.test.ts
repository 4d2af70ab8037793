import "../testing/fake-idb";
import { describe, expect, it } from "vitest";
import { DeviceClock } from "../app/device-clock";
import { openStampDb } from "../storage/db";
import { loadClock, loggedWrites, writeEvents } from "../storage/event-writer";
import { CARD, DEVICE, MERCHANT, OTHER_DEVICE, PROGRAM, stampEvent, T0 } from "../testing/fixtures";
import { acceptingServer, testSyncDeps } from "../testing/sync-deps";
import { syncOnce } from "./sync-engine";

const NOW = T0 + 60_000;

describe("storing an answer", () => {
  it("moves the clock to the newest pulled event and keeps the count of the log's writes", async () => {
    const db = openStampDb("relaxed", "store-answer-writes");
    const clock = new DeviceClock(await loadClock(db, DEVICE));
    const author = { deviceId: DEVICE, merchantId: MERCHANT };
    const draft = {
      type: "stamps.added",
      programId: PROGRAM,
      cardId: CARD,
      count: 1,
      channel: "staff",
    } as const;
    for (const ms of [T0, T0 + 1, T0 + 2]) await writeEvents(db, author, [draft], clock, ms);
    const news = stampEvent(NOW, { deviceId: OTHER_DEVICE });

    const run = await syncOnce(
      testSyncDeps(db, acceptingServer([news], "p4-l", NOW), { now: () => NOW }),
    );

    expect(run).toMatchObject({ kind: "synced", pushed: 3, pulled: 1 });
    const row = await db.meta.get("clock");
    expect(row?.key === "clock" && row.value.millis).toBe(NOW);
    // Three writes, whatever moved the clock since: a tab's next write is the fourth (`LogWrites`).
    expect(await loggedWrites(db)).toBe(3);
  });
});
