import type Database from "better-sqlite3";
import { and, eq, gt } from "drizzle-orm";
import { SNAPSHOTS, type SnapshotPolicy } from "../append/card-snapshots";
import { answerToKeep, IDEMPOTENCY_TTL_MS, Rollback, replay, type Work } from "../idempotency";
import * as t from "../schema";
import { ScopeChanges } from "../scope-changes";
import type { Answer, IdempotencyKey } from "../store";
import { EventLog } from "./event-log";
import type { Db } from "./open-database";
import { WalletPassVersions } from "./wallet-pass-versions";

/** What the SQLite resource modules share: one connection, its event log and transactions. */
export interface SqliteContext {
  readonly db: Db;
  readonly client: Database.Database;
  readonly log: EventLog;
  readonly passes: WalletPassVersions;
  /** Told of every append's scopes, for waiting pulls (in process: SQLite has one server). */
  readonly changes: ScopeChanges;
  /** An IMMEDIATE transaction: a second process (the CLI) queues on busy_timeout, never fails midway. */
  write<T>(work: () => T): T;
  /**
   * Runs an API write under an optional Idempotency-Key: a retry with the same body gets the first
   * answer, another body under the same key is refused, and the kept answer commits with the write.
   */
  answer(
    merchantId: string,
    now: number,
    idempotency: IdempotencyKey | undefined,
    work: () => Work,
  ): Answer;
}

export function sqliteContext(db: Db, snapshots: SnapshotPolicy = SNAPSHOTS): SqliteContext {
  const client = db.$client;
  const write = <T>(work: () => T): T => client.transaction(work).immediate();
  const passes = new WalletPassVersions(client);
  const changes = new ScopeChanges();
  return {
    db,
    client,
    log: new EventLog(client, passes, snapshots, changes),
    passes,
    changes,
    write,
    answer(merchantId, now, idempotency, work) {
      try {
        return write((): Answer => {
          if (idempotency) {
            const kept = db
              .select()
              .from(t.idempotencyKeys)
              .where(
                and(
                  eq(t.idempotencyKeys.merchantId, merchantId),
                  eq(t.idempotencyKeys.key, idempotency.key),
                  gt(t.idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS),
                ),
              )
              .get();
            if (kept) return replay(kept, idempotency);
          }
          const { response, commit } = work();
          if (!commit) throw new Rollback(response);
          const row = answerToKeep(merchantId, idempotency, response, now);
          if (row)
            db.insert(t.idempotencyKeys)
              .values(row)
              .onConflictDoUpdate({
                target: [t.idempotencyKeys.merchantId, t.idempotencyKeys.key],
                set: row,
              })
              .run();
          return { kind: "answer", response };
        });
      } catch (error) {
        if (error instanceof Rollback) return { kind: "answer", response: error.response };
        throw error;
      }
    },
  };
}
