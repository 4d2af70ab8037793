/** An object whose every member is an async method: a store of the `Storage`. */
type AsyncMethods<T> = { [K in keyof T]: (...args: never[]) => Promise<unknown> };

/**
 * `store` whose methods answer only after `settled()`: once every commit made so far — the
 * method's own writes and any other request's rows it may have read — is on disk. Writes: no
 * sync answer, API answer or admin page says "done" before the write would survive a power cut.
 * Reads: nothing committed but not yet synced leaves the server either; otherwise another till
 * could pull an event (and move its cursor past the event's position) that a power cut then
 * takes back, and the position would be handed to another event it then never pulls. A read
 * waits at most for the sync running and the one after it, while the event loop serves others.
 * A method that throws answers at once (its transaction was undone; nothing of it is durable).
 */
export function afterWalSync<T extends AsyncMethods<T>>(store: T, settled: () => Promise<void>): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, key) {
      const member: unknown = Reflect.get(target, key);
      if (typeof member !== "function") return member;
      let method = wrapped.get(key);
      if (!method) {
        method = async (...args: unknown[]) => {
          const result: unknown = await member.apply(target, args);
          await settled();
          return result;
        };
        wrapped.set(key, method);
      }
      return method;
    },
  });
}
