import { CompactEncrypt, compactDecrypt } from "jose";
import { ConfigError } from "../config";

/** The protected-header field naming the sealed secret: a sealed value opens under its own name only. */
const NAME_HEADER = "stamp-secret";

/**
 * A sealed secret could not be opened: another SECRETS_KEY sealed it, or it was altered. A
 * configuration error: the operator gives the instance the right key.
 */
export class SealBroken extends ConfigError {}

/**
 * Seals secrets for keeping in the database with SECRETS_KEY (32 bytes): a compact JWE, `dir` +
 * `A256GCM` (jose), whose authenticated header names the secret, so a sealed value moved to
 * another name does not open.
 */
export class SecretSeal {
  readonly #key: Uint8Array;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new Error("a SECRETS_KEY is 32 bytes");
    this.#key = key;
  }

  seal(name: string, value: string): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(value))
      .setProtectedHeader({ alg: "dir", enc: "A256GCM", [NAME_HEADER]: name })
      .encrypt(this.#key);
  }

  async open(name: string, sealed: string): Promise<string> {
    try {
      const { plaintext, protectedHeader } = await compactDecrypt(sealed, this.#key, {
        keyManagementAlgorithms: ["dir"],
        contentEncryptionAlgorithms: ["A256GCM"],
      });
      if (protectedHeader[NAME_HEADER] !== name) throw new Error(`sealed as another secret`);
      return new TextDecoder().decode(plaintext);
    } catch (error) {
      throw new SealBroken(
        `the database's secret ${name} does not open with this SECRETS_KEY (${(error as Error).message}): every instance needs the SECRETS_KEY the database's keys were sealed with`,
      );
    }
  }
}
