import type { DBCoreMutateRequest } from "dexie";
import type { StampDb } from "../storage/db";

/** A device's disk that tests fill and free, under all of the app's own storage code. */
export interface FullDisk {
  /** The next this many writes `refuses` picks fail (Infinity: until freed). */
  fullFor: number;
}

/**
 * Makes `db`'s writes that `refuses` picks fail as Chromium's do at the quota: a
 * `QuotaExceededError` DOMException, and the transaction aborts (nothing of it is kept). A Dexie
 * DBCore middleware, installed before the database opens.
 */
export function fillableDisk(
  db: StampDb,
  refuses: (table: string, write: DBCoreMutateRequest) => boolean,
): FullDisk {
  const disk: FullDisk = { fullFor: 0 };
  db.use({
    stack: "dbcore",
    name: "full-disk",
    create: (down) => ({
      ...down,
      table(name) {
        const table = down.table(name);
        return {
          ...table,
          mutate(write) {
            if (disk.fullFor <= 0 || !refuses(name, write)) return table.mutate(write);
            disk.fullFor -= 1;
            return Promise.reject(
              new DOMException("The quota has been exceeded.", "QuotaExceededError"),
            );
          },
        };
      },
    }),
  });
  return disk;
}
