import { cursorPosition } from "@stamp/wire-protocol";
import { claimedDevice } from "../http/authenticate";
import type { DeviceClaims } from "../secrets/device-tokens";
import type { Services } from "../services";
import type { DeviceRecord, PullScope } from "../storage/store";
import type { SyncPlace } from "../storage/sync-place";
import { type PullPage, type PullPoint, placePage, pullScope } from "./round-page";

/** What a held pull's round was asked with: its token's claims and what its till's protocol reads. */
export interface HeldRound {
  readonly claims: DeviceClaims;
  /** The till speaks a protocol with sync scopes (else it replicates the merchant's whole log). */
  readonly scoped: boolean;
  /** The till holds compact cards (protocol 5). */
  readonly compact: boolean;
}

/** Whether `a` and `b` are one view: one location's, one region's at one membership version, or the merchant's. */
function sameScope(a: PullScope, b: PullScope): boolean {
  switch (a.kind) {
    case "merchant":
      return b.kind === "merchant";
    case "location":
      return b.kind === "location" && b.locationId === a.locationId;
    case "region":
      return b.kind === "region" && b.regionId === a.regionId && b.version === a.version;
    default: {
      const unreachable: never = a;
      throw new Error(`unknown scope ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * The till's place read again, outside the pull gate as a round's is, and its device checked as a
 * round checks it (a device revoked meanwhile is refused, whatever protocol its till speaks).
 */
async function placeAgain(services: Services, round: HeldRound) {
  const { claims, scoped } = round;
  // A till from before sync scopes replicates the merchant's whole log wherever its location is,
  // but its device is read again all the same: unpaired, it is refused now, not at its next round.
  const place = await services.store.syncPlace(
    claims.deviceId,
    claims.merchantId,
    scoped ? claims.locationId : null,
  );
  return { place, device: claimedDevice(claims, place.device) };
}

/** The page a round from `cursor` (where a held pull is) pulls at `place` now. */
function pageFrom(
  services: Services,
  round: HeldRound,
  place: SyncPlace,
  device: DeviceRecord,
  cursor: string,
): Promise<PullPage> {
  const at = cursorPosition(cursor, services.logEpoch);
  if (at === "start-over" || at.epoch !== services.logEpoch)
    throw new Error(`a held pull's cursor ${cursor} is not of this server's log`);
  const moved = { compact: round.compact, pushed: false, now: services.now() };
  return placePage(services, device, place, at, moved, "woken");
}

/**
 * A held pull (or stream) woken while its merchant's places moved (`PullWait.until`: "moved"; an
 * unpairing is one): its till's place is read again and its device checked (`placeAgain`). When the till replicates
 * another scope now (its location went to another region or out of one, its region gained a
 * location, its scope setting changed), the page a round from `cursor` (where the held pull is)
 * would pull now, in its new scope; null when it replicates the scope the pull waits in (`point`),
 * which the woken pull reads on as before. Without this, a pull held in its old region slept
 * through the move and was answered from that region.
 */
export async function movedPage(
  services: Services,
  round: HeldRound,
  point: PullPoint,
  cursor: string,
): Promise<PullPage | null> {
  const { place, device } = await placeAgain(services, round);
  if (sameScope(pullScope(place), point.scope)) return null;
  return pageFrom(services, round, place, device, cursor);
}
