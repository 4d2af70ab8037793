import { describe, expect, it } from "vitest";
import { classifyStorageError, StorageFailure } from "./storage-failure";

const err = (name: string, message = "", inner?: unknown) => ({ name, message, inner });

describe("classifyStorageError", () => {
  it("finds a full disk wrapped in Dexie's AbortError", () => {
    const wrapped = err("AbortError", "Transaction aborted", err("QuotaExceededError", "full"));
    expect(classifyStorageError(wrapped)).toEqual({ kind: "quota" });
  });

  it("treats closed and lost connections as retryable", () => {
    expect(classifyStorageError(err("DatabaseClosedError"))).toEqual({ kind: "connection-lost" });
    const webkit = err("UnknownError", "Connection to Indexed Database server lost. Refresh");
    expect(classifyStorageError(webkit)).toEqual({ kind: "connection-lost" });
    expect(classifyStorageError(err("InvalidStateError", "closing"))).toEqual({
      kind: "connection-lost",
    });
  });

  it("recognises an upgrade by another tab", () => {
    expect(classifyStorageError(err("VersionError"))).toEqual({ kind: "upgraded-elsewhere" });
  });

  it("keeps the details of anything else", () => {
    expect(classifyStorageError(err("DataError", "bad key"))).toEqual({
      kind: "unknown",
      detail: "DataError: bad key",
    });
    expect(classifyStorageError("boom").kind).toBe("unknown");
  });

  it("passes an already classified failure through", () => {
    const failure = new StorageFailure({ kind: "quota" }, null);
    expect(classifyStorageError(failure)).toEqual({ kind: "quota" });
  });
});
