/**
 * The first protocol version whose kiosks read `staffId` on every event type (stamp-core SPEC V9)
 * and sign staff in with personal PINs. Before it, only `stamps.added` could carry one.
 */
export const STAFF_PROTOCOL = 3;

/**
 * Pulled events as a kiosk of `protocol` reads them: a kiosk from before `STAFF_PROTOCOL` refuses
 * an unknown field (events are strict), so the `staffId` of any other event than `stamps.added` is
 * left out for it — it loses nothing it could show. Stored canonical JSON has sorted keys, which
 * `JSON.stringify` keeps. Newer kiosks get the stored bytes untouched.
 */
export function eventsForPeer(protocol: number, bodies: readonly string[]): readonly string[] {
  if (protocol >= STAFF_PROTOCOL) return bodies;
  return bodies.map((body) => {
    if (!body.includes('"staffId"')) return body;
    const event = JSON.parse(body) as { type?: unknown; staffId?: unknown };
    if (event.type === "stamps.added") return body;
    delete event.staffId;
    return JSON.stringify(event);
  });
}
