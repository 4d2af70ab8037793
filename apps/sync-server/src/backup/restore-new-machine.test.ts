import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { apiKey, call, enroll, TestDevice } from "../../test/fixtures";
import { sqliteTableDump } from "../../test/table-dump";
import { startServerOn, startTestServer } from "../../test/test-server";
import type { RunningServer } from "../server";
import { dataDirBackup } from "./data-dir-backup";
import { restoreBackup } from "./restore-backup";

const outside = mkdtempSync(join(tmpdir(), "stamp-offsite-"));
const newMachine = mkdtempSync(join(tmpdir(), "stamp-new-machine-"));
let restored: RunningServer | undefined;
afterAll(async () => {
  await restored?.close();
  for (const dir of [outside, newMachine]) rmSync(dir, { recursive: true, force: true });
});

const PASS_TYPE = "pass.dev.stamp.loyalty";
const PHONE = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
const EPOCH = "0123456789ab";

describe("a backup restored on a new machine", () => {
  it("keeps tills paired, card codes valid, the shop's CA, and makes wallets fetch every pass", async () => {
    const old = await startTestServer();
    const key = await apiKey(old, old.seed);
    const till = await TestDevice.pair(old);
    const card = await enroll(old, key, old.seed.programId);
    const pass = await old.services.wallet.store.getPass(card.cardId);
    if (!pass) throw new Error("no pass row");
    const wallet = (server: { url: string }, path: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/wallet/v1/${path}`, {
        headers: { authorization: `ApplePass ${pass.authToken}`, ...headers },
      });
    const registered = await fetch(
      `${old.url}/wallet/v1/devices/${PHONE}/registrations/${PASS_TYPE}/${card.cardId}`,
      {
        method: "POST",
        headers: {
          authorization: `ApplePass ${pass.authToken}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ pushToken: "ab".repeat(32) }),
      },
    );
    expect(registered.status).toBe(201);

    const before = till.stamp(card.cardId);
    expect((await till.sync([before])).json.accepted).toEqual([before.id]);
    const backupFile = join(outside, "offsite.db");
    const backup = dataDirBackup(old.services.storage, old.dataDir, "in-steps");
    if (!backup) throw new Error("SQLite backs itself up");
    const summary = await backup(backupFile);
    // The enrolment and the stamp; the device-token key, the card-code key, the CA and more.
    expect(summary).toMatchObject({ file: backupFile, events: 2 });
    expect(summary.files).toBeGreaterThanOrEqual(3);

    const after = till.stamp(card.cardId);
    expect((await till.sync([after])).json.accepted).toEqual([after.id]);
    const listed = await wallet(old, `devices/${PHONE}/registrations/${PASS_TYPE}`);
    const { lastUpdated } = (await listed.json()) as { lastUpdated: string };
    const fetched = await wallet(old, `passes/${PASS_TYPE}/${card.cardId}`);
    const lastModified = fetched.headers.get("last-modified") ?? "";
    const ca = readFileSync(join(old.dataDir, "certs", "local-ca.pem"), "utf8");
    await old.close(); // and its DATA_DIR is gone: the disk died

    // The restore comes a while later (HTTP dates have whole seconds, so a second is enough).
    const now = Date.parse(lastModified) + 1_000;
    const answer = await restoreBackup(newMachine, backupFile, { now, epoch: EPOCH });
    expect(answer).toMatchObject({ ok: true, events: 2, files: summary.files, previous: null });
    // Every pass a wallet listens to is due a push, so phones come and fetch it.
    const jobs = sqliteTableDump(join(newMachine, "stamp.db"), ["wallet_push_jobs"]);
    expect(jobs.wallet_push_jobs?.map((row) => JSON.parse(row as string))).toEqual([
      expect.objectContaining({ card_id: card.cardId, status: "pending" }),
    ]);
    restored = await startServerOn(newMachine);
    const server = restored;
    expect(readFileSync(join(newMachine, "certs", "local-ca.pem"), "utf8")).toBe(ca);

    // The phone's update tag is of the old history (whose versions the restored passes reach
    // again): the pass is listed, and it is newer than the phone's.
    const relisted = await wallet(
      server,
      `devices/${PHONE}/registrations/${PASS_TYPE}?passesUpdatedSince=${encodeURIComponent(lastUpdated)}`,
    );
    expect(relisted.status).toBe(200);
    const list = (await relisted.json()) as { serialNumbers: string[]; lastUpdated: string };
    expect(list.serialNumbers).toEqual([card.cardId]);
    expect(list.lastUpdated.endsWith(`.${EPOCH}`)).toBe(true);
    const refetched = await wallet(server, `passes/${PASS_TYPE}/${card.cardId}`, {
      "if-modified-since": lastModified,
    });
    expect(refetched.status).toBe(200);

    // The till's token still holds; its cursor is of the old history, so it starts over.
    const moved = new TestDevice(server, till.deviceId, till.token, old.seed);
    moved.cursor = till.cursor;
    const told = await moved.sync([]);
    expect(told.status).toBe(409);
    expect(told.json.error.code).toBe("cursor-ahead");
    const resent = await moved.sync([before, after], null);
    expect(resent.status).toBe(200);
    expect(resent.json).toMatchObject({ accepted: [after.id], duplicates: [before.id] });

    // The code on the customer's card verifies with the restored key.
    const stamped = await call(server, "POST", "/api/v1/stamps", {
      token: key,
      body: { card: card.code },
      headers: { "idempotency-key": randomUUID() },
    });
    expect(stamped.status).toBe(200);
    expect(stamped.json).toMatchObject({ cardId: card.cardId, lifetimeStamps: 3 });
  });
});
