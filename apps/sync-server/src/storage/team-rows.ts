/** Rows of `admin_locations` (ordered by location), grouped by account: both adapters read them so. */
export function locationsByUser(
  rows: readonly { readonly userId: string; readonly locationId: string }[],
): ReadonlyMap<string, readonly string[]> {
  const byUser = new Map<string, string[]>();
  for (const { userId, locationId } of rows) {
    const list = byUser.get(userId);
    if (list) list.push(locationId);
    else byUser.set(userId, [locationId]);
  }
  return byUser;
}
