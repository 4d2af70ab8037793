import type pg from "pg";

/**
 * Who asks for a connection (`ConnectionTurns`): work a till is held up by (`first`: a round's
 * commit, the reads of a page built in a pull-gate slot, a busy till's place), or the place read
 * of a till that asks again to wait for new events (`behind`: a held pull's re-ask).
 */
export type Turn = "first" | "behind";

/**
 * The pool's connections handed out by turn: at most the pool's size at once, the rest waiting in
 * the order they came, `first` before `behind`. A connection given back goes straight to the next
 * in line, not through the pool. ~900 idle tills a second asking again after their held answers
 * each read their place outside the pull gate: in the pool's one queue those reads came between a
 * busy round's page reads and its commit (issue 13: one traced run, 4.5 reads a batch, pool wait
 * p99 177 ms). A `behind` read waits only while work of the first turn waits, which is bounded
 * (the gate's slots, the tills at work); meanwhile more re-asks join its batch (`PgContext.read`).
 * Statements sent on the pool itself (`PgContext.query`, drizzle on the pool) keep the pool's own
 * queue: they come after every turn handed out.
 */
export class ConnectionTurns {
  readonly #pool: pg.Pool;
  readonly #size: number;
  #out = 0;
  readonly #waiting: Record<Turn, ((client: pg.PoolClient | Promise<pg.PoolClient>) => void)[]> = {
    first: [],
    behind: [],
  };

  constructor(pool: pg.Pool, size: number) {
    this.#pool = pool;
    this.#size = size;
  }

  /** A connection for `turn`: give it back with `release` (never the client's own). */
  connect(turn: Turn): Promise<pg.PoolClient> {
    if (this.#out < this.#size) {
      this.#out++;
      return this.#fromPool();
    }
    return new Promise<pg.PoolClient>((take) => this.#waiting[turn].push(take));
  }

  /**
   * Gives `client` back: to the next in line, or to the pool. One the driver can no longer use
   * (its backend ended) goes to the pool, which drops it, and the next in line gets a new one.
   */
  release(client: pg.PoolClient): void {
    if (usable(client)) {
      const next = this.#next();
      if (next) next(client);
      else {
        this.#out--;
        client.release();
      }
      return;
    }
    client.release();
    this.#passOn();
  }

  /** The first in line, of the first turn before those behind. */
  #next(): ((client: pg.PoolClient | Promise<pg.PoolClient>) => void) | undefined {
    return this.#waiting.first.shift() ?? this.#waiting.behind.shift();
  }

  /** A connection from the pool for the next in line, when one waits; the turn ends otherwise. */
  #passOn(): void {
    const next = this.#next();
    if (next) next(this.#fromPool());
    else this.#out--;
  }

  /** A connection from the pool; a failure to connect passes its turn on. */
  #fromPool(): Promise<pg.PoolClient> {
    const client = this.#pool.connect();
    client.catch(() => this.#passOn());
    return client;
  }
}

/** Whether the driver can still send on `client`: what the pool checks when one is given back. */
function usable(client: pg.PoolClient): boolean {
  const state = client as unknown as { _queryable?: boolean; _ending?: boolean };
  return state._queryable !== false && state._ending !== true;
}
