import type { UnsubscribeTokens } from "./unsubscribe-tokens";

/**
 * VERP (variable envelope return path): campaign e-mail to a card goes out with the return path
 * `local+<tag>@domain` of MAIL_BOUNCE_ADDRESS, so a bounce that comes back hours later — a DSN the
 * receiving server sends to that address — says by its address alone whose e-mail failed.
 */
export function bounceAddress(base: string, tokens: UnsubscribeTokens, cardId: string): string {
  const at = base.lastIndexOf("@");
  return `${base.slice(0, at)}+${tokens.bounceTag(cardId)}@${base.slice(at + 1)}`;
}

/** The card whose return path one of `addresses` is (any case), or null. */
export function bouncedCard(
  base: string,
  tokens: UnsubscribeTokens,
  addresses: readonly string[],
): string | null {
  const at = base.lastIndexOf("@");
  const local = base.slice(0, at).toLowerCase();
  const domain = base.slice(at + 1).toLowerCase();
  for (const address of addresses) {
    const match = /^([^@+]+)\+([0-9a-z]+)@(.+)$/.exec(address.trim().toLowerCase());
    if (!match || match[1] !== local || match[3] !== domain) continue;
    const cardId = tokens.checkBounceTag(match[2] as string);
    if (cardId) return cardId;
  }
  return null;
}
