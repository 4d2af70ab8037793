import type { Services } from "../services";
import type { DeviceRecord } from "../storage/store";
import { type HeldRound, movedPage } from "./moved-pull";
import type { PullWait } from "./pull-wait";
import { type PullPage, type PullPoint, pullPage } from "./round-page";
import type { SyncResult } from "./sync-batch";

/** Whether a page brings its till anything: events, cards, or more to pull at once. */
export const hasNews = (answer: SyncResult): boolean =>
  answer.events.length > 0 || (answer.cards ?? []).length > 0 || answer.more;

/**
 * The long-poll (wire protocol `pull-wait`): a round that pushed nothing and found nothing new is
 * held until the device's scope gains an event, its wait is over or the place is ended (a newer
 * pull of the device, shutdown), then answered as any round. A change in the scope that brings the
 * device nothing (its own events, or events elsewhere in the merchant's log) moves its cursor and
 * the wait goes on. Only the reads hold a database connection (and a slot of the pull gate), never
 * the waiting. Woken while the merchant's places moved, it reads its till's place again and, in
 * another scope now, goes on there (`movedPage`); a view narrowed with nothing new in it waits on,
 * and the till learns of it by its wait's end at the latest (a stream, minutes long, tells it at
 * once: `held-stream.ts`).
 */
export async function heldPull(
  services: Services,
  device: DeviceRecord,
  wait: PullWait,
  answered: SyncResult,
  pulled: PullPoint,
  round: HeldRound,
): Promise<SyncResult> {
  let answer = answered;
  let point = pulled;
  while (!hasNews(answer)) {
    const end = await wait.until(point.scope);
    if (end !== "changed" && end !== "moved") break;
    const { pulled: next, ...page } = await wokenPage(
      services,
      device,
      round,
      point,
      answer.cursor,
      end,
    );
    point = next;
    answer = { ...answer, ...page };
  }
  return { ...answer, serverTime: new Date(services.now()).toISOString() };
}

/**
 * The page a held pull (or stream) at `point` (its `cursor`) reads on woken by `end`: moved, its
 * till's place read again and its device checked (`movedPage`: refused when unpaired) and, in
 * another scope now, the page there; else the page after `point` in a slot of the pull gate.
 */
export async function wokenPage(
  services: Services,
  device: DeviceRecord,
  round: HeldRound,
  point: PullPoint,
  cursor: string,
  end: "changed" | "moved",
): Promise<PullPage> {
  const moved = end === "moved" ? await movedPage(services, round, point, cursor) : null;
  return (
    moved ??
    services.pullGate.run(() => pullPage(services, device, point, { kind: "woken" }), "woken")
  );
}
