/**
 * The `passesUpdatedSince` tag a device hands back (PassKit web service): for each merchant whose
 * passes the device holds, the newest pass version it was told about. Pass versions increase per
 * merchant, in commit order (merchant_logs), so "newer than the tag" misses no change even with
 * several server instances writing at once. Text: `merchantId~n` joined by commas, then `.` and
 * the database's log epoch once it has one (sync-cursor.ts): after a restore, versions past the
 * backup are handed out again, so a tag of another epoch counts as none and every pass is listed
 * (the restore gave each a new version). A tag of bare digits is one from before per-merchant
 * versions and stands for every merchant.
 */
export interface PassUpdateTag {
  /** For merchants the tag does not name. */
  readonly floor: number;
  readonly merchants: ReadonlyMap<string, number>;
}

export const NO_TAG: PassUpdateTag = { floor: 0, merchants: new Map() };

/** A registered pass's version, as the store lists them for a device. */
export interface PassVersion {
  readonly cardId: string;
  readonly merchantId: string;
  readonly updateSeq: number;
}

const ENTRY = /^([0-9a-f-]{36})~(\d{1,15})$/;
const WITH_EPOCH = /^(.*)\.([0-9a-f]{12})$/;

/**
 * The tag a device sent, read in this database's log `epoch`; anything unreadable, or of another
 * epoch, counts as none (every serial is listed again).
 */
export function parsePassUpdateTag(text: string | undefined, epoch: string): PassUpdateTag {
  if (!text) return NO_TAG;
  const dated = WITH_EPOCH.exec(text);
  if ((dated?.[2] ?? "") !== epoch) return NO_TAG;
  const body = dated ? (dated[1] as string) : text;
  if (/^\d{1,15}$/.test(body)) return { floor: Number(body), merchants: new Map() };
  const merchants = new Map<string, number>();
  for (const entry of body.split(",")) {
    const match = ENTRY.exec(entry);
    if (!match) return NO_TAG;
    merchants.set(match[1] as string, Number(match[2]));
  }
  return { floor: 0, merchants };
}

export function formatPassUpdateTag(tag: PassUpdateTag, epoch: string): string {
  const entries = [...tag.merchants]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([merchant, seq]) => `${merchant}~${seq}`)
    .join(",");
  return epoch === "" ? entries : `${entries}.${epoch}`;
}

/** The serials changed since `tag` and the tag to hand back, or null when none changed. */
export function passesChangedSince(
  registered: readonly PassVersion[],
  tag: PassUpdateTag,
): { serials: string[]; tag: PassUpdateTag } | null {
  const newest = new Map<string, number>();
  const serials: string[] = [];
  for (const pass of registered) {
    const seen = tag.merchants.get(pass.merchantId) ?? tag.floor;
    if (pass.updateSeq > seen) serials.push(pass.cardId);
    newest.set(pass.merchantId, Math.max(newest.get(pass.merchantId) ?? seen, pass.updateSeq));
  }
  if (serials.length === 0) return null;
  return { serials, tag: { floor: 0, merchants: newest } };
}
