import { createHash } from "node:crypto";

/** A static file's body under a content-hashed URL (`/assets/<name>-<hash>.<ext>`), cached for good. */
export function hashedAsset(body: string, name: string, ext: string) {
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
  return { body, href: `/assets/${name}-${hash}.${ext}` } as const;
}
