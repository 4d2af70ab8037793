// A sync run's dependencies for tests: the till's db and its server (`post`), everything else a
// pass-through or a no-op unless the test says otherwise.

import type { StampDb } from "../storage/db";
import type { SyncDeps } from "../sync/sync-engine";
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
