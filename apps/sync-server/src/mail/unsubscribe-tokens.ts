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
}
