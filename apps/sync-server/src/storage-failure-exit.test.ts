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

/** A first start of the real `stampd` bundle on `dataDir`, a till paired to it and a card. */
async function stampingServer(dataDir: string) {
  const server = await spawnServer(dataDir);
  const merchant = firstStartMerchant(server);
  const [till, key] = await Promise.all([
    cliPairedTill(server, dataDir, merchant, "Till"),
    cliApiKey(dataDir, merchant),
  ]);
  const card = await call(server, "POST", "/api/v1/cards", {
    token: key,
    body: { programId: merchant.programId },
  });
  expect(card.status).toBe(201);
  let log = "";
  server.child.stderr?.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  /** Once it ended: its exit code was 74 after one fatal line naming the error, returned. */
  const exitedFailed = async (strace: { readonly done: Promise<unknown> }) => {
    await server.exited;
    await strace.done;
    expect(server.child.exitCode).toBe(STORAGE_FAILED_EXIT_CODE);
    const fatal = log.split("\n").filter((line) => line.includes('"level":60'));
    expect(fatal).toHaveLength(1);
    expect(JSON.parse(fatal[0] as string)).toMatchObject({ errno: "EIO", exitCode: 74 });
    return fatal[0] as string;
  };
  return { server, merchant, till, cardId: card.json.cardId as string, exitedFailed };
}

/**
 * strace attached to the process `pid`: its fdatasync(2) calls on its WAL file fail with EIO from
 * then on (`-e inject`, the kernel's answer faked in the syscall, nothing in stampd), with `also`
 * (e.g. `:signal=SIGTERM`, sent as the call fails). Resolves once attached, with its end.
 */
async function failingSyncs(
  pid: number,
  dataDir: string,
  also = "",
): Promise<{ readonly done: Promise<unknown> }> {
  const strace = spawn(
    "strace",
    ["-f", "-p", String(pid), "-o", "/dev/null", "-e", "trace=fdatasync"].concat([
      "-e",
      `inject=fdatasync:error=EIO${also}`,
      "-P",
      join(dataDir, "stamp.db-wal"),
    ]),
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const done = new Promise((resolve) => strace.once("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    let said = "";
    strace.stderr?.on("data", (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes("attached")) resolve();
    });
    strace.once("exit", () => reject(new Error(`strace did not attach: ${said}`)));
  });
  return { done };
}

/** The real `stampd` bundle on a disk whose WAL syncs fail. */
describe("stampd on a disk that fails to sync", () => {
  const dirs = [1, 2].map(() => mkdtempSync(join(tmpdir(), "stamp-sync-fails-")));
  const running: SpawnedServer[] = [];
  afterAll(async () => {
    await Promise.all(running.map((server) => server.stop("SIGKILL")));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it(`exits with code ${STORAGE_FAILED_EXIT_CODE} and one line; the restart takes the stamp sent again`, async () => {
    const dataDir = dirs[0] as string;
    const { server: first, merchant, till, cardId, exitedFailed } = await stampingServer(dataDir);
    running.push(first);
    const strace = await failingSyncs(first.child.pid as number, dataDir);

    const stamp = till.stamp(cardId);
    const round = await till.sync([stamp]);
    expect(round.status).toBe(500);
    expect(await exitedFailed(strace)).toMatch(
      /could not be synced to disk \(EIO\).*systemd restarts it/,
    );

    // systemd's restart: SQLite recovers the database, and the till's resent stamp is taken.
    const second = await spawnServer(dataDir);
    running.push(second);
    const again = new TestDevice(second, till.deviceId, till.token, merchant);
    const resent = await again.sync([stamp]);
    expect(resent.status).toBe(200);
    expect([...resent.json.accepted, ...resent.json.duplicates]).toEqual([stamp.id]);
  }, 120_000); // two stampd starts and two CLI runs: seconds each on a busy machine

  // A stop (SIGTERM) whose last sync fails ended with code 1, or 0 when the failure came first:
  // either way the journal did not say that the disk lost what was acknowledged as written.
  it(`exits with code ${STORAGE_FAILED_EXIT_CODE} and one line when a SIGTERM comes as the sync fails`, async () => {
    const dataDir = dirs[1] as string;
    const { server, till, cardId, exitedFailed } = await stampingServer(dataDir);
    running.push(server);
    const strace = await failingSyncs(server.child.pid as number, dataDir, ":signal=SIGTERM");

    const round = await till.sync([till.stamp(cardId)]).catch(() => null);
    expect(round?.status ?? 500).toBe(500);
    await exitedFailed(strace);
  }, 120_000);
});
