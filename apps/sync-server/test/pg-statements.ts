import { AsyncLocalStorage } from "node:async_hooks";
import { type IncomingMessage, Server } from "node:http";
import pg from "pg";
import { vi } from "vitest";

/** What one statement sent to PostgreSQL was: its prepared name, else its text. */
function statementName(config: unknown): string {
  if (typeof config === "string") return config;
  const { name, text } = config as { name?: string; text?: string };
  return name ?? text ?? "?";
}

/** The request a statement is sent for: its Authorization header ("" when it has none). */
const serving = new AsyncLocalStorage<string>();
let marking = false;

/**
 * From now until the returned undo (an `afterAll`), each HTTP request this process serves runs in
 * an async context of its own, marked with its Authorization header: what `statementsDuring`
 * tells requests' statements by. A pull held since before a count is counted when it wakes.
 */
export function markRequests(): () => void {
  const emit = Server.prototype.emit as (event: string | symbol, ...args: unknown[]) => boolean;
  const spy = vi.spyOn(Server.prototype, "emit").mockImplementation(function (
    this: Server,
    event: string | symbol,
    ...args: unknown[]
  ) {
    if (event !== "request") return emit.apply(this, [event, ...args]);
    const { authorization } = (args[0] as IncomingMessage).headers;
    return serving.run(authorization ?? "", () => emit.apply(this, [event, ...args]));
  } as typeof Server.prototype.emit);
  marking = true;
  return () => {
    marking = false;
    spy.mockRestore();
  };
}

/** One statement sent for a counted request: its name, and which round trip it went in. */
export interface Sent {
  readonly name: string;
  /**
   * How many round trips one after another it ended, its own included: one more than the most any
   * statement answered before it was sent had ended (1 for those sent before any answer). Those
   * sent together (pipelined, or on several connections at once) share one; one sent after an
   * answer waited for it, whatever else was still on its way.
   */
  readonly trip: number;
}

/**
 * The statements this process's pg clients send while `run` runs for the HTTP requests it serves
 * (`markRequests` must be on), by name (unnamed ones by their text): every query is a socket write
 * and a wait, so a test can bound how many a request costs. With `caller` (a device token or an
 * API key): only for that caller's requests. Never counted, since they are no request's: the
 * background rounds (push queue, webhook outbox, campaigns and automations, housekeeping) that go
 * on meanwhile at their own times, and the scope feed's NOTIFY (its own connection, coalesced).
 */
export async function statementsDuring(
  run: () => Promise<unknown>,
  caller?: string,
): Promise<string[]> {
  return (await sentDuring(run, caller)).map((sent) => sent.name);
}

/**
 * The statements `statementsDuring` counts, each with the round trips one after another it ended
 * (`Sent.trip`): a wait each, which the event loop of a busy server stretches.
 */
export async function sentDuring(run: () => Promise<unknown>, caller?: string): Promise<Sent[]> {
  if (!marking) throw new Error("statementsDuring needs markRequests() first");
  const statements: Sent[] = [];
  /** The most round trips any statement answered so far had ended. */
  let ended = 0;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  const spy = vi.spyOn(pg.Client.prototype, "query").mockImplementation(function (
    this: pg.Client,
    ...args: unknown[]
  ) {
    const by = serving.getStore();
    const name = statementName(args[0]);
    const counted = by !== undefined && (caller === undefined || by === `Bearer ${caller}`);
    if (!counted || name.includes("pg_notify")) return query.apply(this, args);
    const trip = ended + 1;
    statements.push({ name, trip });
    const answered = () => {
      ended = Math.max(ended, trip);
    };
    // Answered through a callback (a pool's query) or the promise it returns (else not followed).
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback !== "function") {
      const sent = query.apply(this, args);
      if (sent instanceof Promise) sent.then(answered, answered);
      else answered();
      return sent;
    }
    args[last] = (...answer: unknown[]) => {
      answered();
      return callback(...answer);
    };
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query);
  try {
    await run();
    return statements;
  } finally {
    spy.mockRestore();
  }
}
