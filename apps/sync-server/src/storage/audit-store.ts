/**
 * The merchant's audit log: who did what in the admin pages and through the API (programs,
 * devices, manual adjustments, exports, team and staff changes). Append-only, in the same
 * database as the event log; read newest first.
 */
export interface AuditStore {
  appendAudit(entry: AuditEntry): Promise<void>;
  /**
   * The merchant's entries matching `filter`, newest first, after `cursor` (the last entry of the
   * previous page; null: from the newest), at most `limit`.
   */
  listAudit(
    merchantId: string,
    filter: AuditFilter,
    cursor: AuditCursor | null,
    limit: number,
  ): Promise<AuditEntry[]>;
}

export interface AuditEntry {
  readonly id: string;
  readonly merchantId: string;
  readonly at: number;
  /** An admin account's id, or an API key's id. */
  readonly actorId: string;
  /** What the actor was called then (e-mail, key name): kept, as accounts and keys may go. */
  readonly actorLabel: string;
  readonly action: string;
  /** What it was done to (a program, device, card, account… id), if anything. */
  readonly target: string | null;
  /** A few facts worth keeping (a role, a reason, a date range), as JSON text. */
  readonly detail: string | null;
}

export interface AuditFilter {
  /** Part of the actor's label, any case. */
  readonly actor?: string | undefined;
  readonly action?: string | undefined;
  /** What it was done to (a card's page reads the reasons given for its events). */
  readonly target?: string | undefined;
  /** At or after (ms). */
  readonly from?: number | undefined;
  /** Before (ms). */
  readonly to?: number | undefined;
}

export interface AuditCursor {
  readonly at: number;
  readonly id: string;
}
