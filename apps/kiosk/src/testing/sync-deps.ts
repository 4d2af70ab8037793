// A sync run's dependencies for tests: the till's db and its server (`post`), everything else a
// pass-through or a no-op unless the test says otherwise.

import type { StampEvent } from "@stamp/core";
import type { StampDb } from "../storage/db";
import type { SyncDeps } from "../sync/sync-engine";
import type { SyncRequest } from "../sync/sync-protocol";
import { DEVICE } from "./fixtures";

export function testSyncDeps(
  db: StampDb,
  post: SyncDeps["post"],
  over: Partial<Omit<SyncDeps, "db" | "post">> & Pick<SyncDeps, "now">,
): SyncDeps {
  return {
    db,
    post,
    durable: (operation) => operation(),
    withRoom: (write) => write(),
    deviceId: DEVICE,
    wait: null,
    onPulled: () => {},
    onCards: () => {},
    onRejected: () => {},
    ...over,
  };
}

/**
 * The answer of a server that accepts every event of `request` and sends `events`, its cursor at
 * `cursor`, its clock at `now`.
 */
export function acceptedAnswer(
  request: Pick<SyncRequest, "events">,
  events: readonly StampEvent[],
  cursor: string,
  now: number,
) {
  return {
    accepted: request.events.map((e) => e.id),
    duplicates: [],
    rejected: [],
    events,
    cards: [],
    cursor,
    more: false,
    serverTime: new Date(now).toISOString(),
  };
}

/**
 * A server that accepts every pushed event and answers with `events` (through JSON, as the wire
 * carries them), its cursor at `cursor`, its clock at `now`.
 */
export function acceptingServer(
  events: readonly StampEvent[],
  cursor: string,
  now: number,
): SyncDeps["post"] {
  return async (request) => ({
    kind: "ok",
    status: 200,
    body: JSON.parse(JSON.stringify(acceptedAnswer(request, events, cursor, now))),
  });
}
