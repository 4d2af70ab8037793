/**
 * Runs `work` only if no other tab of this app is syncing (Web Locks, `ifAvailable`), so two tabs
 * never push the same outbox at once. Browsers without Web Locks have one tab anyway (old iOS).
 */
export async function withSyncLock<T>(work: () => Promise<T>): Promise<T | "busy"> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return work();
  return locks.request("stamp-sync", { ifAvailable: true }, async (lock) =>
    lock ? work() : ("busy" as const),
  );
}
