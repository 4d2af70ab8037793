import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * log2 of scrypt's N for new admin password hashes (PASSWORD_HASH_COST): 15 is N=2^15, r=8, p=1
 * (≈32 MB, ~50 ms here), OWASP's floor for interactive logins.
 */
export const DEFAULT_PASSWORD_HASH_COST = 15;
/** The costs PASSWORD_HASH_COST may name: 10 (1 MB, a few ms: tests) to 17 (128 MB a login). */
export const PASSWORD_HASH_COSTS = { min: 10, max: 17 } as const;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize("NFC"),
      salt,
      KEY_LENGTH,
      // scrypt needs 128·N·r bytes; twice that leaves room.
      { N: n, r, p, maxmem: 256 * n * r },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** Hashes admin passwords at the configured cost, and checks them against their stored hash. */
export class PasswordHasher {
  readonly #n: number;
  #decoy: Promise<string> | undefined;

  constructor(cost: number = DEFAULT_PASSWORD_HASH_COST) {
    this.#n = 2 ** cost;
  }

  /** `scrypt$N$r$p$salt$hash` (base64url): parameters travel with the hash so they can be raised later. */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, this.#n, R, P);
    return `scrypt$${this.#n}$${R}$${P}$${salt.toString("base64url")}$${key.toString("base64url")}`;
  }

  /**
   * Whether `password` is the one `stored` was made from (at whatever cost it was). Without a
   * stored hash (an unknown e-mail) a decoy is checked, so that costs as long as a wrong password.
   */
  async verify(password: string, stored: string | null): Promise<boolean> {
    if (stored === null) {
      this.#decoy ??= this.hash("decoy password that matches nothing");
      await matches(password, await this.#decoy);
      return false;
    }
    return matches(password, stored);
  }
}

async function matches(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await derive(
    password,
    Buffer.from(salt, "base64url"),
    Number(n),
    Number(r),
    Number(p),
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}
