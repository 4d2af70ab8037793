import type { Store } from "../app/store";
import type { StampDb } from "./db";
import { classifyStorageError, StorageFailure, type StorageProblem } from "./storage-failure";

export type Durable = <T>(operation: () => Promise<T>) => Promise<T>;

/**
 * Runs local reads/writes so that no failure is swallowed: a dropped connection is reopened and
 * the operation retried once (Expensify #87864 kept a dead handle and lost writes silently); any
 * other failure is published for the status bar and rethrown, so callers never report "saved".
 * A failed IndexedDB transaction commits nothing, so the retry cannot double a write.
 * `problems` null: nothing is published; the caller says what failed its own way.
 */
export function createStorageGuard(
  db: StampDb,
  problems: Store<StorageProblem | null> | null,
): Durable {
  return async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      const result = await operation();
      problems?.set(null);
      return result;
    } catch (first) {
      const problem = classifyStorageError(first);
      if (problem.kind === "connection-lost") {
        try {
          if (!db.isOpen()) await db.open();
          const result = await operation();
          problems?.set(null);
          return result;
        } catch (second) {
          const again = classifyStorageError(second);
          problems?.set(again);
          throw new StorageFailure(again, second);
        }
      }
      problems?.set(problem);
      throw new StorageFailure(problem, first);
    }
  };
}
