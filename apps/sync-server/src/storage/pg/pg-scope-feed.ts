import { randomUUID } from "node:crypto";
import pg from "pg";
import {
  type ScopeChange,
  ScopeChanges,
  type ScopeFeed,
  type ScopeListener,
} from "../scope-changes";

/** The NOTIFY channel of committed appends (one per database; payloads say whose they are). */
export const SCOPE_CHANNEL = "stamp_scopes";
/** PostgreSQL refuses payloads of 8000 bytes; a merchant with more scopes than fit says "any". */
const MAX_PAYLOAD = 7_000;
/** Beyond this many merchants waiting to be announced, one "everything" says it all. */
const MAX_PENDING_MERCHANTS = 10_000;
/** The listening connection's `application_name`. */
export const LISTENER_NAME = "stamp-scope-listener";
/** How long a lost listener connection waits before connecting again. */
const RECONNECT_MS = 1_000;

interface Payload {
  /** The instance that committed it: its own pulls were told in process already. */
  readonly i: string;
  readonly m: string | null;
  readonly s: readonly string[] | null;
}

/**
 * Scope changes across the instances on one PostgreSQL: each instance holds ONE connection of its
 * own (never a pool's) that LISTENs on `stamp_scopes`. Its own appends reach its waiting pulls in
 * process as they commit, and go to the other instances by NOTIFY from that connection after the
 * commit, coalesced per merchant while the previous NOTIFY is under way: a NOTIFY inside the append
 * would hold PostgreSQL's notify lock through every commit, serialising them. An instance that dies
 * between its commit and its NOTIFY costs the others' waiting pulls their wait (≤ 25 s), never an
 * event: the pull that follows reads the log. After the connection is lost and found again, every
 * waiting pull of this instance looks again (`everything`): a change may have passed meanwhile.
 */
export class PgScopeFeed implements ScopeFeed {
  readonly #url: string;
  readonly #instance = randomUUID();
  /** What this instance's pulls hear: its own commits and the others'. */
  readonly #heard = new ScopeChanges();
  /** Merchant → its changed scopes (null: any), waiting for the next NOTIFY. */
  #pending = new Map<string | null, Set<string> | null>();
  #client: pg.Client | null = null;
  #sending: Promise<void> | null = null;
  #reconnect: NodeJS.Timeout | null = null;
  #closed = false;

  private constructor(url: string, committed: ScopeChanges) {
    this.#url = url;
    committed.subscribe((change) => {
      this.#heard.publish(change);
      this.#announce(change);
    });
  }

  /** Listens before it returns, so no commit after the server starts goes unheard. */
  static async open(url: string, committed: ScopeChanges): Promise<PgScopeFeed> {
    const feed = new PgScopeFeed(url, committed);
    await feed.#connect();
    return feed;
  }

  subscribe(listener: ScopeListener): () => void {
    return this.#heard.subscribe(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#reconnect) clearTimeout(this.#reconnect);
    await this.#sending;
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    // Named, so an operator sees it in pg_stat_activity (one per instance, idle by design).
    const client = new pg.Client({ connectionString: this.#url, application_name: LISTENER_NAME });
    client.on("notification", (message) => this.#received(message.payload));
    client.on("error", () => this.#lost(client));
    client.on("end", () => this.#lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${SCOPE_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.#client = client;
    this.#flush();
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = null;
    client.end().catch(() => undefined);
    if (this.#closed) return;
    const retry = () => {
      this.#reconnect = null;
      if (this.#closed) return;
      this.#connect().then(
        () => this.#heard.publish({ kind: "everything" }),
        () => {
          this.#reconnect = setTimeout(retry, RECONNECT_MS);
          this.#reconnect.unref();
        },
      );
    };
    this.#reconnect = setTimeout(retry, RECONNECT_MS);
    this.#reconnect.unref();
  }

  #received(text: string | undefined): void {
    const payload = readPayload(text);
    if (payload === null) {
      this.#heard.publish({ kind: "everything" });
      return;
    }
    if (payload.i === this.#instance) return;
    this.#heard.publish(
      payload.m === null
        ? { kind: "everything" }
        : { kind: "merchant", merchantId: payload.m, scopes: payload.s },
    );
  }

  #announce(change: ScopeChange): void {
    if (change.kind === "everything" || this.#pending.size >= MAX_PENDING_MERCHANTS) {
      this.#pending = new Map([[null, null]]);
    } else if (!this.#pending.has(null)) {
      const known = this.#pending.get(change.merchantId);
      if (known === null) return;
      if (change.scopes === null) this.#pending.set(change.merchantId, null);
      else this.#pending.set(change.merchantId, new Set([...(known ?? []), ...change.scopes]));
    }
    this.#flush();
  }

  /** One NOTIFY statement at a time; what arrives meanwhile goes in the next. */
  #flush(): void {
    if (this.#sending || this.#pending.size === 0 || !this.#client) return;
    const client = this.#client;
    const pending = this.#pending;
    this.#pending = new Map();
    const payloads = [...pending].map(([merchant, scopes]) =>
      payloadText(this.#instance, merchant, scopes),
    );
    this.#sending = client
      .query("SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p", [SCOPE_CHANNEL, payloads])
      .then(
        () => undefined,
        // Not sent: the connection is taken for lost, and they go once it is back.
        () => {
          this.#lost(client);
          for (const [merchant, scopes] of pending)
            this.#announce(
              merchant === null
                ? { kind: "everything" }
                : { kind: "merchant", merchantId: merchant, scopes: scopes && [...scopes] },
            );
        },
      )
      .finally(() => {
        this.#sending = null;
        this.#flush();
      });
  }
}

function payloadText(
  instance: string,
  merchant: string | null,
  scopes: ReadonlySet<string> | null,
): string {
  const text = JSON.stringify({ i: instance, m: merchant, s: scopes && [...scopes] });
  return text.length <= MAX_PAYLOAD ? text : JSON.stringify({ i: instance, m: merchant, s: null });
}

/** A payload of another version, or garbage: treated as "anything may have changed". */
function readPayload(text: string | undefined): Payload | null {
  try {
    const value = JSON.parse(text ?? "") as Partial<Payload>;
    const scopes = value.s;
    const scopesOk =
      scopes === null || (Array.isArray(scopes) && scopes.every((s) => typeof s === "string"));
    if (typeof value.i !== "string" || !(value.m === null || typeof value.m === "string"))
      return null;
    return scopesOk ? (value as Payload) : null;
  } catch {
    return null;
  }
}
