import { viewNarrowed } from "@stamp/wire-protocol";
import type { Services } from "../services";
import type { DeviceRecord } from "../storage/store";
import { hasNews } from "./held-pull";
import { type HeldRound, streamedPage } from "./moved-pull";
import type { PullWait } from "./pull-wait";
import type { PullPoint } from "./round-page";
import type { SyncResult } from "./sync-batch";
import { seenNeedsRecord } from "./sync-record";
import { waitAfterMs } from "./wait-phase";

/** What a streamed pull starts from: its round's device, first page and where that ended. */
export interface StreamStart {
  readonly device: DeviceRecord;
  readonly result: SyncResult;
  readonly pulled: PullPoint;
  readonly round: HeldRound;
  /** When its request arrived (`services.now()`): its first answer's moment in the gap. */
  readonly arrivedAt: number;
  /** The cursor the till asked from: what it holds until the stream's first answer. */
  readonly cursor: string | null;
}

/** Where a stream's answers go (the response: `held-stream-answer.ts`). */
export interface StreamOut {
  /**
   * Sends one answer, made as a held pull's answer is at `arrivedAt` (its `waitAfterMs`); resolves
   * once it is written, or as soon as the place is ended (`PullWait.outlast`).
   */
  answer(result: SyncResult, arrivedAt: number): Promise<void>;
}

/**
 * The held stream (wire protocol `pull-stream.ts`): a held pull answered, instead of once, at
 * every change of its till's scope for as long as its place lasts (MAX_STREAM_SECONDS), each
 * answer what a held pull from the last one's cursor would have been — so a till is served as if
 * it asked again at its moment of the gap, without a request each time (issue 16: ~900 held
 * cycles a second at 1,000 tills, each a whole HTTP request for a page). Its pace is a held
 * pull's: after an answer the stream waits until the till's own moment in the gap
 * (`waitAfterMs`), when a till told so would have asked again; a change meanwhile is gathered
 * into the next answer. A page with more after it is followed by the next at once, as a till
 * pulls the rest at once. Before every answer the till's place is read and its device checked as
 * every round's are (`streamedPage`): unpaired, its stream ends at the next wake (the refusal is
 * thrown); moved, it is answered in its new scope — at once when its view narrowed, even with
 * nothing new in it, for the till must let go of cards outside its view (`viewNarrowed`), as a
 * held pull's answer at its time-up told it. Its record of being seen is kept as an idle till's
 * rounds keep it, but not as drained (`seenNeedsRecord`): only the request said the till had
 * nothing to send, and a till whose Wi-Fi died leaves its stream open for minutes while it stamps
 * offline — a later drained time would move those stamps later (stamp-core SPEC R8). Ends (resolves) when its time is up or its place is ended:
 * a newer pull of the device, shutdown, or its till gone.
 */
export async function heldStream(
  services: Services,
  wait: PullWait,
  start: StreamStart,
  out: StreamOut,
): Promise<void> {
  const { round } = start;
  let device = start.device;
  let answer = start.result;
  let point = start.pulled;
  let arrived = start.arrivedAt;
  let held = start.cursor;
  for (;;) {
    if (hasNews(answer) || viewNarrowed(held, answer.cursor)) {
      await out.answer(answer, arrived);
      held = answer.cursor;
      if (!answer.more) {
        const now = services.now();
        const after = waitAfterMs(device.id, arrived, now);
        // Where the till's next held pull would have arrived.
        arrived = now + after;
        if (!(await wait.pause(after))) return;
      }
    }
    if (!answer.more) {
      const end = await wait.until(point.scope);
      if (end !== "changed" && end !== "moved") return;
    }
    const read = await streamedPage(services, round, answer.cursor);
    device = read.device;
    const seen = { deviceId: device.id, now: services.now(), skewMs: null, drained: false };
    if (seenNeedsRecord(device, seen.now)) await services.store.recordSync(seen, null);
    const { pulled, ...page } = read.page;
    point = pulled;
    answer = { ...answer, ...page };
  }
}
