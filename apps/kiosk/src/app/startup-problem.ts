/**
 * Why the till could not start. Each kind gets its own plain-words screen with a way forward;
 * `detail` is the error's message (never a stack), shown small for whoever supports the shop.
 */
export type StartupProblem =
  /** Not a secure context: no service worker, camera or WebCrypto, so nothing else can run. */
  | { readonly kind: "insecure" }
  /** IndexedDB would not open (private browsing, a full disk, a blocked upgrade). */
  | { readonly kind: "storage"; readonly detail: string }
  /** Anything else while opening the paired till. */
  | { readonly kind: "session"; readonly detail: string };

export function errorDetail(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
