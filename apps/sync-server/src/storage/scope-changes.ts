/**
 * Which of a merchant's sync scopes gained events (`scope_log` scopes: location ids and
 * NO_LOCATION), or `null`: any of them. `everything`: changes may have been missed (the
 * PostgreSQL listener reconnected), so every waiting pull looks again.
 */
export type ScopeChange =
  | {
      readonly kind: "merchant";
      readonly merchantId: string;
      readonly scopes: readonly string[] | null;
    }
  | { readonly kind: "everything" };

export type ScopeListener = (change: ScopeChange) => void;

/** What long-polls listen to: every committed append of this database, from any instance. */
export interface ScopeFeed {
  /** Returns the unsubscribe. */
  subscribe(listener: ScopeListener): () => void;
}

/**
 * The in-process fan-out of scope changes. `publish` delivers on a later microtask, never inside
 * the caller: SQLite appends publish from inside their (synchronous) transaction, so a listener
 * that reads again always sees the commit, and a rolled-back write costs a needless look at most.
 */
export class ScopeChanges implements ScopeFeed {
  readonly #listeners = new Set<ScopeListener>();

  subscribe(listener: ScopeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(change: ScopeChange): void {
    if (this.#listeners.size === 0) return;
    queueMicrotask(() => {
      for (const listener of this.#listeners) listener(change);
    });
  }
}
