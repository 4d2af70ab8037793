import { createHash, randomBytes, randomInt } from "node:crypto";

/** An unguessable token, base64url; 24 bytes = 192 bits unless told otherwise. */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}

/** `length` characters drawn uniformly from `alphabet`. */
export function randomString(alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
