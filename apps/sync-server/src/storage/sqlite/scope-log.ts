import type Database from "better-sqlite3";
import {
  changedScopes,
  isNewCard,
  type LoggedPosition,
  NO_LOCATION,
  placeScopes,
  planScopes,
  REGION_PREFIX,
  regionOfScope,
} from "../append/scope-entries";
import { eventPage } from "../event-page";
import type { ScopeChanges } from "../scope-changes";
import type { EventPage, PageEvent } from "../store";
import { LOG_HEAD } from "./log-head";
import { pageRows } from "./page-rows";

/** One scope's first rows after the cursor up to the head, in its primary key's order. */
const scopePage = (scope: string) => `SELECT * FROM (
     SELECT s.pos, s.seq, e.id, e.card_id AS cardId, e.hlc, e.body FROM scope_log s
     JOIN events e ON e.merchant_id = s.merchant_id AND e.seq = s.seq
     WHERE s.merchant_id = @merchantId AND s.scope = ${scope} AND s.pos > @cursor
       AND s.pos <= @head AND e.device_id <> @deviceId ORDER BY s.pos, s.seq LIMIT @rows)`;

interface PageParams {
  readonly merchantId: string;
  readonly scope: string;
  readonly cursor: number;
  readonly head: number;
  readonly deviceId: string;
  readonly rows: number;
}

/**
 * A page of the view of a location or region (`ScopeLog.pull`): its rows and those of every
 * location (NO_LOCATION), each read in its primary key's order and the two merged. With
 * `scope IN (…)` SQLite read every row of both from the cursor to the head and sorted them for
 * each page: a location's first pull of 100,000 events cost 5.3 s of CPU, the merchant's 0.4
 * (issue 16, `scope-log.test.ts`).
 */
export const SCOPE_PAGE = `SELECT pos, id, cardId, hlc, body FROM (${scopePage("@scope")}
   UNION ALL ${scopePage(`'${NO_LOCATION}'`)}) ORDER BY pos, seq LIMIT @rows`;

/**
 * The `scope_log` scopes of the card `c`: its locations' views, then its regions', each one text
 * (`cardScopes` reads them), null when none. Columns of the append's read of the batch's cards: a
 * statement of their own read the batch's card ids again (a JSON array, parsed twice) and gave a
 * row per scope.
 */
export const CARD_SCOPES = `(SELECT group_concat(location_id, char(10)) FROM card_scopes
       WHERE card_id = c.id),
     (SELECT group_concat('${REGION_PREFIX}' || region_id, char(10)) FROM card_regions
       WHERE card_id = c.id)`;

/** A card's scopes as `CARD_SCOPES` reads them (no location or region id holds a line break). */
export function cardScopes(locations: string | null, regions: string | null): readonly string[] {
  const scopes = locations === null ? [] : locations.split("\n");
  return regions === null ? scopes : [...scopes, ...regions.split("\n")];
}

/**
 * Each location's view of the merchant's log on SQLite (`scope_log`, `card_scopes`; wire protocol
 * `SyncScope`): written in the append's transaction after its events, read by location pulls.
 */
export class ScopeLog {
  readonly #heads: Database.Statement<
    [{ merchantId: string; scope: string }],
    { head: number; scopeHead: number }
  >;
  readonly #page: (params: PageParams) => PageEvent[];
  readonly #at: (merchantId: string, scope: string, pos: number, deviceId: string) => PageEvent[];
  readonly #devicePlace: Database.Statement<
    [string],
    { location_id: string | null; region_id: string | null }
  >;
  readonly #cardCreated: Database.Statement<[string], { created_at: number }>;
  readonly #join: Database.Statement<[string, string, string, number]>;
  readonly #joinRegion: Database.Statement<[string, string, string, number]>;
  readonly #backfill: Database.Statement<[string, number, string, number]>;
  readonly #entry: Database.Statement<[string, string, number, number]>;
  readonly #ownEntries: Database.Statement<[string, string, string]>;

  constructor(
    db: Database.Database,
    readonly changes: ScopeChanges,
  ) {
    // The log's head, and the scope's newest position, the end of its primary-key range (no event
    // is read): one statement, one read.
    this.#heads = db.prepare(
      `SELECT coalesce(${LOG_HEAD}, 0) AS head, max(
         coalesce((SELECT max(pos) FROM scope_log WHERE merchant_id = @merchantId AND scope = @scope), 0),
         coalesce((SELECT max(pos) FROM scope_log WHERE merchant_id = @merchantId AND scope = '${NO_LOCATION}'), 0)
       ) AS scopeHead`,
    );
    const rows = `SELECT s.pos, e.id, e.card_id AS cardId, e.hlc, e.body FROM scope_log s
       JOIN events e ON e.merchant_id = s.merchant_id AND e.seq = s.seq
       WHERE s.merchant_id = ? AND s.scope IN (?, '${NO_LOCATION}')`;
    this.#page = pageRows(db.prepare<[PageParams]>(SCOPE_PAGE));
    this.#at = pageRows(
      db.prepare<[string, string, number, string]>(
        `${rows} AND s.pos = ? AND e.device_id <> ? ORDER BY s.seq`,
      ),
    );
    this.#devicePlace = db.prepare(
      `SELECT d.location_id, l.region_id FROM devices d
       LEFT JOIN locations l ON l.id = d.location_id WHERE d.id = ?`,
    );
    this.#cardCreated = db.prepare("SELECT created_at FROM cards WHERE id = ?");
    this.#join = db.prepare(
      "INSERT INTO card_scopes (card_id, location_id, merchant_id, joined_seq) VALUES (?, ?, ?, ?)",
    );
    this.#joinRegion = db.prepare(
      "INSERT INTO card_regions (card_id, region_id, merchant_id, joined_seq) VALUES (?, ?, ?, ?)",
    );
    // Events shown to every location (made while the card was new and of no location) are in
    // its view already; the rest of the card's history joins it here.
    this.#backfill = db.prepare(
      `INSERT INTO scope_log (merchant_id, scope, pos, seq)
       SELECT e.merchant_id, ?, ?, e.seq FROM events e WHERE e.card_id = ? AND e.seq < ?
         AND NOT EXISTS (SELECT 1 FROM scope_log s WHERE s.merchant_id = e.merchant_id
           AND s.scope = '${NO_LOCATION}' AND s.pos = e.seq AND s.seq = e.seq)`,
    );
    this.#entry = db.prepare(
      "INSERT INTO scope_log (merchant_id, scope, pos, seq) VALUES (?, ?, ?, ?)",
    );
    // A scope's entries of events at their own positions (a JSON array of them) in one statement:
    // a statement per entry cost twice the rows' own writing (issue 13: one entry per pushed event).
    this.#ownEntries = db.prepare(
      `INSERT INTO scope_log (merchant_id, scope, pos, seq)
       SELECT ?, ?, value, value FROM json_each(?)`,
    );
  }

  /**
   * The batch's events in the scopes of their cards (`planScopes`; `scopesOf`: a card's scopes as
   * the append's transaction read them), after they are inserted; pulls waiting on those scopes are
   * told once the transaction has committed (`ScopeChanges`).
   */
  place(
    merchantId: string,
    inserted: readonly LoggedPosition[],
    now: number,
    scopesOf: (cardId: string) => readonly string[],
  ): void {
    const writes = planScopes(
      inserted,
      scopesOf,
      (deviceId) => {
        const place = this.#devicePlace.get(deviceId);
        return place
          ? placeScopes({ locationId: place.location_id, regionId: place.region_id })
          : [];
      },
      (cardId) => isNewCard(this.#cardCreated.get(cardId)?.created_at ?? now, now),
    );
    const { joins, entries } = writes;
    // The card's events stored before the batch (the batch's own are among the entries).
    const before = inserted[0]?.seq ?? 0;
    for (const { cardId, scope, seq } of joins) {
      const region = regionOfScope(scope);
      if (region === null) this.#join.run(cardId, scope, merchantId, seq);
      else this.#joinRegion.run(cardId, region, merchantId, seq);
      this.#backfill.run(scope, seq, cardId, before);
    }
    const own = new Map<string, number[]>();
    for (const { scope, pos, seq } of entries) {
      if (pos !== seq) this.#entry.run(merchantId, scope, pos, seq);
      else {
        const seqs = own.get(scope);
        if (seqs) seqs.push(seq);
        else own.set(scope, [seq]);
      }
    }
    for (const [scope, seqs] of own) this.#ownEntries.run(merchantId, scope, JSON.stringify(seqs));
    this.changes.publish({ kind: "merchant", merchantId, scopes: changedScopes(writes) });
  }

  /**
   * The events of a location's or region's view (`scope`: a location id or `regionScope`) after
   * `cursor`, up to the merchant's log head read with the scope's (see `eventPage`).
   */
  pull(
    merchantId: string,
    deviceId: string,
    scope: string,
    cursor: number,
    limit: number,
  ): Promise<EventPage> {
    const { head, scopeHead } = this.#heads.get({ merchantId, scope }) as {
      head: number;
      scopeHead: number;
    };
    return eventPage(
      { head, scopeHead, cursor },
      limit,
      (rows) => this.#page({ merchantId, scope, cursor, head, deviceId, rows }),
      (pos) => this.#at(merchantId, scope, pos, deviceId),
    );
  }
}
