import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cliApiKey, cliPairedTill, firstStartMerchant } from "../test/first-start";
import { apiKey, call, TestDevice } from "../test/fixtures";
import { HeldWalSyncs } from "../test/held-wal-syncs";
import { type SpawnedServer, spawnServer } from "../test/spawn-server";
import { startTestServer } from "../test/test-server";
import { serverUsing } from "./backup/server-pid-file";
import {
  failureErrno,
  STORAGE_FAILED_EXIT_CODE,
  storageFailureMessage,
} from "./storage-failure-exit";

/** What fdatasync(2) answers when the disk failed to write (as Node reports it). */
function eio(): Error {
  return Object.assign(new Error("EIO: i/o error, fdatasync"), {
    code: "EIO",
    errno: -5,
    syscall: "fdatasync",
  });
}

describe("a failed WAL sync stops the server", () => {
  it("fails the waiting answers, stops taking requests, closes and says why (in process)", async () => {
    const syncs = new HeldWalSyncs();
    const server = await startTestServer({ syncWal: syncs.syncWal });
    try {
      const till = await TestDevice.pair(server);
      const key = await apiKey(server, server.seed);
      const card = await call(server, "POST", "/api/v1/cards", {
        token: key,
        body: { programId: server.seed.programId },
      });
      expect((await till.sync()).status).toBe(200);

      syncs.hold = true;
      const stamping = till.sync([till.stamp(card.json.cardId)]);
      (await syncs.next()).fail(eio());

      // The answer fails (5xx): the till keeps the stamp and sends it again later.
      expect((await stamping).status).toBe(500);
      const failure = await server.failed;
      expect(failureErrno(failure)).toBe("EIO");
      expect(storageFailureMessage(failure)).toMatch(
        /could not be synced to disk \(EIO\).*exits with code 74 and systemd restarts it/,
      );
      // It no longer listens, and it let go of DATA_DIR (database closed, pid file removed).
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      expect(serverUsing(server.dataDir)).toBeNull();
    } finally {
      await server.close(); // after the failure: waits for that close
    }
  });
});

/**
 * The real `stampd` bundle, whose fdatasync(2) calls on its WAL file fail with EIO from the moment
 * strace attaches (`-e inject`, the kernel's answer faked in the syscall, nothing in stampd).
 */
describe("stampd on a disk that fails to sync", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "stamp-sync-fails-"));
  let running: SpawnedServer | undefined;
  afterAll(async () => {
    await running?.stop("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`exits with code ${STORAGE_FAILED_EXIT_CODE} and one line; the restart takes the stamp sent again`, async () => {
    const first = await spawnServer(dataDir);
    running = first;
    const merchant = firstStartMerchant(first);
    const [till, key] = await Promise.all([
      cliPairedTill(first, dataDir, merchant, "Till"),
      cliApiKey(dataDir, merchant),
    ]);
    const card = await call(first, "POST", "/api/v1/cards", {
      token: key,
      body: { programId: merchant.programId },
    });
    expect(card.status).toBe(201);
    let log = "";
    first.child.stderr?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
    });

    const strace = spawn(
      "strace",
      ["-f", "-p", String(first.child.pid), "-o", "/dev/null", "-e", "trace=fdatasync"].concat([
        "-e",
        "inject=fdatasync:error=EIO",
        "-P",
        join(dataDir, "stamp.db-wal"),
      ]),
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    const straceDone = new Promise((resolve) => strace.once("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      let said = "";
      strace.stderr?.on("data", (chunk: Buffer) => {
        said += chunk.toString();
        if (said.includes("attached")) resolve();
      });
      strace.once("exit", () => reject(new Error(`strace did not attach: ${said}`)));
    });

    const stamp = till.stamp(card.json.cardId);
    const round = await till.sync([stamp]);
    expect(round.status).toBe(500);
    await first.exited;
    await straceDone;
    expect(first.child.exitCode).toBe(STORAGE_FAILED_EXIT_CODE);
    const fatal = log.split("\n").filter((line) => line.includes('"level":60'));
    expect(fatal).toHaveLength(1);
    expect(JSON.parse(fatal[0] as string)).toMatchObject({ errno: "EIO", exitCode: 74 });
    expect(fatal[0]).toMatch(/could not be synced to disk \(EIO\).*systemd restarts it/);

    // systemd's restart: SQLite recovers the database, and the till's resent stamp is taken.
    const second = await spawnServer(dataDir);
    running = second;
    const again = new TestDevice(second, till.deviceId, till.token, merchant);
    const resent = await again.sync([stamp]);
    expect(resent.status).toBe(200);
    expect([...resent.json.accepted, ...resent.json.duplicates]).toEqual([stamp.id]);
  });
});
