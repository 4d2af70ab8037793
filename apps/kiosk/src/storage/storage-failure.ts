/** Why a local write or read failed, in the terms staff can act on. */
export type StorageProblem =
  | { readonly kind: "quota" }
  | { readonly kind: "connection-lost" }
  | { readonly kind: "upgraded-elsewhere" }
  | { readonly kind: "unknown"; readonly detail: string };

export class StorageFailure extends Error {
  readonly problem: StorageProblem;
  constructor(problem: StorageProblem, cause: unknown) {
    super(problem.kind === "unknown" ? problem.detail : `storage ${problem.kind}`, { cause });
    this.name = "StorageFailure";
    this.problem = problem;
  }
}

interface NamedError {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly inner?: unknown;
}

function named(error: unknown): NamedError {
  return typeof error === "object" && error !== null ? (error as NamedError) : {};
}

/**
 * Maps Dexie/IndexedDB errors to problems. A full disk surfaces as AbortError with
 * QuotaExceededError inside `.inner` (Dexie #776); WebKit's dropped connection as UnknownError or
 * InvalidStateError, and Dexie's own as DatabaseClosedError.
 */
export function classifyStorageError(error: unknown): StorageProblem {
  if (error instanceof StorageFailure) return error.problem;
  const outer = named(error);
  const inner = named(outer.inner);
  const names = [outer.name, inner.name];
  const text = `${String(outer.message ?? "")} ${String(inner.message ?? "")}`;
  if (names.includes("QuotaExceededError") || /quota/i.test(text)) return { kind: "quota" };
  if (names.includes("VersionError") || names.includes("VersionChangeError"))
    return { kind: "upgraded-elsewhere" };
  if (
    names.includes("DatabaseClosedError") ||
    names.includes("InvalidStateError") ||
    (names.includes("UnknownError") && /connection|lost|closed/i.test(text))
  )
    return { kind: "connection-lost" };
  return { kind: "unknown", detail: `${String(outer.name ?? "Error")}: ${text.trim()}` };
}
