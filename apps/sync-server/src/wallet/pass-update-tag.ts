/**
 * The `passesUpdatedSince` tag a device hands back (PassKit web service): for each merchant whose
 * passes the device holds, the newest pass version it was told about. Pass versions increase per
 * merchant, in commit order (merchant_logs), so "newer than the tag" misses no change even with
 * several server instances writing at once. Text: `merchantId~n` joined by commas; a tag of bare
 * digits is one from before per-merchant versions and stands for every merchant.
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

/** The tag a device sent; anything unreadable counts as none (every serial is listed again). */
export function parsePassUpdateTag(text: string | undefined): PassUpdateTag {
  if (!text) return NO_TAG;
  if (/^\d{1,15}$/.test(text)) return { floor: Number(text), merchants: new Map() };
  const merchants = new Map<string, number>();
  for (const entry of text.split(",")) {
    const match = ENTRY.exec(entry);
    if (!match) return NO_TAG;
    merchants.set(match[1] as string, Number(match[2]));
  }
  return { floor: 0, merchants };
}

export function formatPassUpdateTag(tag: PassUpdateTag): string {
  return [...tag.merchants]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([merchant, seq]) => `${merchant}~${seq}`)
    .join(",");
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
