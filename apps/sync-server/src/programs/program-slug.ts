import { randomString } from "../secrets/random-token";
import type { Store } from "../storage/store";

/** `Demo Coffee` → `demo-coffee`: the readable part of the join URL. */
export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return slug || "card";
}

/** A slug no other program has: the name's, or the name's with a short random suffix. */
export async function uniqueSlug(store: Store, text: string): Promise<string> {
  const base = slugify(text);
  if (!(await store.slugTaken(base))) return base;
  for (;;) {
    const candidate = `${base}-${randomString("abcdefghjkmnpqrstuvwxyz23456789", 4)}`;
    if (!(await store.slugTaken(candidate))) return candidate;
  }
}
