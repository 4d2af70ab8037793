import { viewNarrowed } from "@stamp/wire-protocol";
import type { Services } from "../services";
import type { DeviceRecord } from "../storage/store";
import { hasNews, wokenPage } from "./held-pull";
import type { HeldRound } from "./moved-pull";
import type { PullWait, WaitEnd } from "./pull-wait";
import type { PullPoint } from "./round-page";
import type { SyncResult } from "./sync-batch";
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
 * pulls the rest at once. Each wake reads on as a held pull's does (`wokenPage`): its till's place
 * and device were read by the request, and are read again only when the merchant's places moved
 * — an unpairing is such a move (`revokeDevice` publishes it, on PostgreSQL to every instance), so
 * an unpaired till's stream ends at that wake (the refusal is thrown); moved, it is answered in
 * its new scope — at once when its view narrowed, even with nothing new in it, for the till must
 * let go of cards outside its view (`viewNarrowed`), as a held pull's answer at its time-up told
 * it. Reading them at every wake cost a statement per answer and made a streamed answer cost what
 * a long-polled one did (issue 16). Its record of being seen is kept by its response
 * (`held-stream-answer.ts`). Ends (resolves) when its time is up or its place is ended: a newer
 * pull of the device, shutdown, or its till gone.
 */
export async function heldStream(
  services: Services,
  wait: PullWait,
  start: StreamStart,
  out: StreamOut,
): Promise<void> {
  const { round, device } = start;
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
    // The rest of a page with more after it is pulled at once, as from a wake.
    let end: WaitEnd = "changed";
    if (!answer.more) {
      end = await wait.until(point.scope);
      if (end !== "changed" && end !== "moved") return;
    }
    const { pulled, ...page } = await wokenPage(services, device, round, point, answer.cursor, end);
    point = pulled;
    answer = { ...answer, ...page };
  }
}
