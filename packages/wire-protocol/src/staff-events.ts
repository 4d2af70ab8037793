import { isGrantedVoucherId } from "@stamp/core";

/**
 * The first protocol version whose kiosks read `staffId` on every event type (stamp-core SPEC V9)
 * and sign staff in with personal PINs. Before it, only `stamps.added` could carry one.
 */
export const STAFF_PROTOCOL = 3;

/**
 * The first protocol version whose kiosks read `voucher.granted` and vouchers with a grant number
 * (stamp-core SPEC G1, G4).
 */
export const GRANT_PROTOCOL = 4;

/**
 * Pulled events as a kiosk of `protocol` reads them. A kiosk from before `GRANT_PROTOCOL` cannot
 * parse `voucher.granted` (an unknown type fails its whole page) and would fold a redemption of a
 * granted voucher as an unknown one: it gets neither, nor any event naming a granted voucher
 * (SPEC G4) — it shows the card without it. A kiosk from before `STAFF_PROTOCOL` refuses an unknown
 * field (events are strict), so the `staffId` of any other event than `stamps.added` is left out
 * for it — it loses nothing it could show. Stored canonical JSON has sorted keys, which
 * `JSON.stringify` keeps. Current kiosks get the stored bytes untouched.
 */
export function eventsForPeer(protocol: number, bodies: readonly string[]): readonly string[] {
  if (protocol >= GRANT_PROTOCOL) return bodies;
  const readable = bodies.filter((body) => !namesGrant(body));
  if (protocol >= STAFF_PROTOCOL) return readable;
  return readable.map((body) => {
    if (!body.includes('"staffId"')) return body;
    const event = JSON.parse(body) as { type?: unknown; staffId?: unknown };
    if (event.type === "stamps.added") return body;
    delete event.staffId;
    return JSON.stringify(event);
  });
}

/** A stored event that is a grant or names a granted voucher; only those with a voucherId are parsed. */
function namesGrant(body: string): boolean {
  if (!body.includes('"voucherId"')) return false;
  const event = JSON.parse(body) as { type?: unknown; voucherId?: unknown };
  return (
    event.type === "voucher.granted" ||
    (typeof event.voucherId === "string" && isGrantedVoucherId(event.voucherId))
  );
}
