import { createHmac } from "node:crypto";
import { UUID_ANY } from "@stamp/core";
import { randomToken } from "../secrets/random-token";
import { sameToken } from "../secrets/same-token";
import type { SecretStore } from "../storage/store";

/** The key's name among the secrets (a file under DATA_DIR/secrets on SQLite). */
export const UNSUBSCRIBE_KEY = "unsubscribe.key";

/**
 * The token of a card's one-click unsubscribe link: the card id and an HMAC-SHA256 of it under a
 * key every instance shares. It never expires (an old e-mail's link must still work) and does
 * nothing but stop e-mail, so holding it is the only authority needed (RFC 8058: no cookie).
 */
export class UnsubscribeTokens {
  readonly #key: Buffer;

  private constructor(key: Buffer) {
    this.#key = key;
  }

  static async open(secrets: SecretStore): Promise<UnsubscribeTokens> {
    const text = await secrets.readOrCreate(UNSUBSCRIBE_KEY, async () => randomToken(32));
    return new UnsubscribeTokens(Buffer.from(text.trim(), "base64url"));
  }

  #mac(cardId: string): string {
    return createHmac("sha256", this.#key).update(`unsubscribe:${cardId}`).digest("base64url");
  }

  issue(cardId: string): string {
    return `${cardId}.${this.#mac(cardId)}`;
  }

  /** The card a token names, or null when it is not one of ours. */
  check(token: string): string | null {
    const [cardId = "", mac = ""] = token.split(".");
    return UUID_ANY.test(cardId) && sameToken(mac, this.#mac(cardId)) ? cardId : null;
  }

  /**
   * The tag of a card's VERP return path (mail/bounce-address.ts): its id's 32 hex digits and 16
   * of an HMAC under the same key — 48 characters of one case, as a mail address's local part
   * needs (some servers lower-case it). A DSN to it stops e-mail to that card, nothing more.
   */
  bounceTag(cardId: string): string {
    return `${cardId.replaceAll("-", "")}${this.#bounceMac(cardId)}`.toLowerCase();
  }

  /** The card a bounce tag names, or null. */
  checkBounceTag(tag: string): string | null {
    const match = /^([0-9a-f]{32})([0-9a-f]{16})$/.exec(tag.toLowerCase());
    if (!match) return null;
    const hex = match[1] as string;
    const cardId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return sameToken(match[2] as string, this.#bounceMac(cardId)) ? cardId : null;
  }

  #bounceMac(cardId: string): string {
    return createHmac("sha256", this.#key)
      .update(`bounce:${cardId.toLowerCase()}`)
      .digest("hex")
      .slice(0, 16);
  }
}
