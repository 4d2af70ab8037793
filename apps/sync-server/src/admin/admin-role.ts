/**
 * What an admin account may do. Owners: everything, the team and the settings that reach
 * outside the shop (API keys, webhooks). Managers: the programme day to day (programs, cards,
 * customers, devices, locations, reports); a manager tied to locations (admin/admin-scope.ts) sees
 * only theirs and none of what reaches every location's customers. Staff: their own account
 * only — they work at the till.
 */
export const ADMIN_ROLES = ["owner", "manager", "staff"] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export function isAdminRole(value: string): value is AdminRole {
  return (ADMIN_ROLES as readonly string[]).includes(value);
}

/** Admin paths (under /admin) only owners open. */
const OWNER_ONLY = ["/admin/team", "/admin/api-keys", "/admin/webhooks"];
/**
 * Admin paths about the whole merchant, closed to a manager tied to locations: the business
 * details, messages to every customer, the audit log of everyone's actions, the fraud checks'
 * settings.
 */
const MERCHANT_WIDE = [
  "/admin/business",
  "/admin/campaigns",
  "/admin/automations",
  "/admin/audit",
  "/admin/fraud/settings",
  "/admin/fraud/hours",
];
/** Admin paths every signed-in account opens. */
const EVERYONE = ["/admin/account", "/admin/logout"];

const under = (path: string, prefixes: readonly string[]) =>
  prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/** Whether an account of `role` (a manager: `tiedToLocations` or not) may open the admin `path`. */
export function roleAllows(role: AdminRole, path: string, tiedToLocations = false): boolean {
  switch (role) {
    case "owner":
      return true;
    case "manager":
      return !under(path, OWNER_ONLY) && !(tiedToLocations && under(path, MERCHANT_WIDE));
    case "staff":
      return under(path, EVERYONE);
  }
}
