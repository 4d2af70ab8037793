// The page of a sync round: which scope a till pulls, from where its cursor stands, cut in a slot
// of the pull gate (a round's push and record are `sync-batch.ts`').

import type { CursorPosition } from "@stamp/wire-protocol";
import type { Services } from "../services";
import type { DeviceRecord, PullScope } from "../storage/store";
import type { SyncPlace } from "../storage/sync-place";
import { cardPull, cardPullPage } from "./compact-first-pull";
import { compactPage } from "./compact-page";
import type { PullLane } from "./pull-gate";
import { locationPullScope, pullStart, scopeCursor } from "./pull-scope";
import type { PageFreshness } from "./scope-tail";
import type { SyncResult } from "./sync-batch";

export const PULL_PAGE_SIZE = 1000;

/** Where a round's pull ended: what a held pull (`held-pull.ts`) reads on from. */
export interface PullPoint {
  readonly scope: PullScope;
  readonly position: number;
  /** The till holds cards as compact state (protocol 5): pages carry `cards` (`compact-page.ts`). */
  readonly compact: boolean;
}

/** A page of a pull, as the answer carries it, and where it ended. */
export type PullPage = Pick<SyncResult, "events" | "cards" | "cursor" | "more"> & {
  readonly pulled: PullPoint;
};

/**
 * What the device replicates: its location's setting (`locationPullScope`), when it speaks a
 * protocol with scopes (`scoped`); the whole merchant otherwise.
 */
export function pullScope(place: SyncPlace): PullScope {
  return place.location ? locationPullScope(place.location, place.region) : { kind: "merchant" };
}

/**
 * How far the round's page must reach (`PageFreshness`): its view's newest position up to the
 * log's head it read, so that stamps elsewhere in the merchant's log cost the view no read.
 */
function viewHead(place: SyncPlace, scope: PullScope): number {
  switch (scope.kind) {
    case "merchant":
      return place.head;
    case "location":
      return place.viewHeads.location;
    case "region":
      return place.viewHeads.region;
    default: {
      const unreachable: never = scope;
      throw new Error(`unknown scope ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * The page a round pulls for the till at `place` (its scope: `pullScope`) from `cursor`, at `now`:
 * a cursor read in a narrower view than the till's scope starts over (`pullStart`); a till of
 * protocol 5 gets its scope's cards, or a region's it lacks, as compact cards first (`cardPull`).
 * Built in a slot of the pull gate's `lane`, but for a round that `pushed` nothing and stands at
 * its view's head where the scope's tail covers it (`quietPage`).
 */
export function placePage(
  services: Services,
  device: DeviceRecord,
  place: SyncPlace,
  cursor: Exclude<CursorPosition, "start-over">,
  round: { readonly compact: boolean; readonly pushed: boolean; readonly now: number },
  lane: PullLane = "asked",
): Promise<PullPage> {
  const { compact } = round;
  const scope = pullScope(place);
  const cards = compact ? cardPull(cursor, scope, place.head, device, round.now) : null;
  if (cards) return services.pullGate.run(() => cardPullPage(services, device, cards), lane);
  const from = { scope, position: pullStart(cursor, scope), compact };
  const head = viewHead(place, scope);
  const quiet =
    round.pushed || from.position < head ? null : quietPage(services, device, place, from);
  if (quiet) return Promise.resolve(quiet);
  return services.pullGate.run(
    () => pullPage(services, device, from, { kind: "asked", head }),
    lane,
  );
}

/**
 * The page of a round that pushed nothing from its view's head (most rounds of an idle till, every
 * held pull as it arrives): empty, with no slot, tail or store to ask (issue 16: 1,000 idle tills
 * arrive again after every wake). Its cursor goes as far toward the log's head the round read as
 * the scope's tail has kept (`ScopeTail.quietCursor`): its view has nothing there
 * (`SyncPlace.viewHeads`), and its next round's page is cut from the tail as if this one had read
 * one. Left at its view's head, the cursor fell behind the tail's first row as other scopes' events
 * came, and later pages read the store; at the log's head, past the tail's end, a pushing round's
 * page was read after its own commit (its card compact). Null when the tail keeps no span to cover
 * it: the round reads its page. A round that pushed read its place before its own commit: its page
 * is cut from the tail as before, which moves its cursor past its own events.
 */
function quietPage(
  services: Services,
  device: DeviceRecord,
  place: SyncPlace,
  from: PullPoint,
): PullPage | null {
  const { scope } = from;
  const at = services.scopeTail.quietCursor(device.merchantId, scope, from.position, place.head);
  if (at === null) return null;
  const cursor = scopeCursor(at, services.logEpoch, scope);
  return { events: [], cards: [], cursor, more: false, pulled: { ...from, position: at } };
}

/**
 * One page of the scope's events after `from`, as the answer carries them, cut from the scope's
 * tail (`scope-tail.ts`) as `fresh` as a round that read the log's head needs, or a held pull woken.
 */
export async function pullPage(
  services: Services,
  device: DeviceRecord,
  from: PullPoint,
  fresh: PageFreshness,
): Promise<PullPage> {
  const { scope } = from;
  const page = await services.scopeTail.page(device, scope, from.position, PULL_PAGE_SIZE, fresh);
  const sent = from.compact
    ? await compactPage(services, device, scope, from.position, page)
    : { events: page.rows.map((event) => event.body), cards: [] };
  return {
    ...sent,
    cursor: scopeCursor(page.cursor, services.logEpoch, scope),
    more: page.more,
    pulled: { scope, position: page.cursor, compact: from.compact },
  };
}
