/** Work waiting for its turn, by key: the newest turn's settling. */
const turns = new Map<string, Promise<unknown>>();

/**
 * Runs `work` after every earlier work of the same key in this process has settled: one at a time
 * per key (a failure is the caller's and frees the key).
 */
export function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const turn = (turns.get(key) ?? Promise.resolve()).then(work);
  const settled = turn.then(
    () => undefined,
    () => undefined,
  );
  turns.set(key, settled);
  void settled.then(() => {
    if (turns.get(key) === settled) turns.delete(key);
  });
  return turn;
}
