import { type CursorPosition, cursorPosition } from "./sync-cursor";

/**
 * Whether a till that pulled from cursor `sent` and was answered `answered` may now hold cards
 * outside the view it replicates, which the server will never name to it (it sends what joins a
 * view, never what leaves one): the answer was read in a view the one of `sent` need not lie in —
 * the merchant's whole log narrowed to a location's or a region's, a region's to its location's,
 * or one version of a region to another (the till's location moved to another region; the
 * server's join for a region that gained a location looks the same in a cursor). A location's view
 * lies in every wider view of the till's, so widening is no narrowing; nor is a start (null, or a
 * cursor from before per-merchant positions): the till pulls its view from nothing.
 * Devices read no more of a cursor than this: which view it was read in.
 */
export function viewNarrowed(sent: string | null, answered: string): boolean {
  if (sent === null) return false;
  // Epochs do not matter here, only views: a cursor of another epoch is answered `cursor-ahead`.
  const before = cursorPosition(sent, "");
  const after = cursorPosition(answered, "");
  if (before === "start-over" || after === "start-over") return false;
  return narrows(before, after);
}

function narrows(
  before: Exclude<CursorPosition, "start-over">,
  after: Exclude<CursorPosition, "start-over">,
): boolean {
  switch (before.scope) {
    case "merchant":
      return after.scope !== "merchant";
    case "region":
      return (
        after.scope === "location" || (after.scope === "region" && after.region !== before.region)
      );
    case "location":
      return false;
    default: {
      const unreachable: never = before.scope;
      throw new Error(`unknown scope ${unreachable}`);
    }
  }
}
