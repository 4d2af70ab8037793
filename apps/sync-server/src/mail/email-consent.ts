/**
 * Whether the customer gets e-mail from the merchant: an address, and the join page's explicit
 * news opt-in (`emailOptInAt`), not taken back by an unsubscribe or a bounce (`emailStoppedAt`,
 * which also removes the opt-in).
 */
export function emailConsented(profile: Readonly<Record<string, string>> | null): boolean {
  return (
    profile !== null &&
    typeof profile.email === "string" &&
    typeof profile.emailOptInAt === "string" &&
    profile.emailStoppedAt === undefined
  );
}
