import type { PushTarget } from "./wallet-store";

/**
 * The passes of a set of cards with their Apple registrations, one row per registration (or one
 * with null registration columns): SQL both databases speak, `ids` the condition's card list.
 */
export const PUSH_TARGETS = (ids: string) =>
  `SELECT p.card_id, p.google_object, r.device_library_id, r.pass_type_id, r.push_token,
     r.created_at
   FROM wallet_passes p LEFT JOIN wallet_registrations r ON r.card_id = p.card_id
   WHERE p.card_id IN (${ids}) ORDER BY p.card_id, r.created_at`;

export interface PushTargetRow {
  readonly card_id: string;
  readonly google_object: number;
  readonly device_library_id: string | null;
  readonly pass_type_id: string | null;
  readonly push_token: string | null;
  readonly created_at: number | string | null;
}

/** PUSH_TARGETS' rows (ordered by card) as one target per card. */
export function pushTargetsOf(rows: readonly PushTargetRow[]): PushTarget[] {
  const targets: {
    cardId: string;
    googleObject: boolean;
    registrations: PushTarget["registrations"][number][];
  }[] = [];
  for (const row of rows) {
    let target = targets.at(-1);
    if (target?.cardId !== row.card_id) {
      target = { cardId: row.card_id, googleObject: row.google_object === 1, registrations: [] };
      targets.push(target);
    }
    if (row.device_library_id === null || row.pass_type_id === null || row.push_token === null)
      continue;
    target.registrations.push({
      deviceLibraryId: row.device_library_id,
      passTypeId: row.pass_type_id,
      cardId: row.card_id,
      pushToken: row.push_token,
      createdAt: Number(row.created_at),
    });
  }
  return targets;
}
