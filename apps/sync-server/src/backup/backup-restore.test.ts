import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { firstStartMerchant } from "../../test/first-start";
import { call, type Reply, TestDevice } from "../../test/fixtures";
import { type SpawnedServer, spawnServer, stampd, stampdAnswer } from "../../test/spawn-server";
import { createApiKey } from "../api-keys/api-key";
import { createPairingCode } from "../devices/create-pairing-code";
import { openSqliteStorage } from "../storage/sqlite/sqlite-storage";

const dataDir = mkdtempSync(join(tmpdir(), "stamp-restore-"));
const backupFile = join(dataDir, "mid-stream.db");
let running: SpawnedServer | undefined;

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Sent = ReturnType<TestDevice["stamp"]>;

/**
 * Pairing codes and an API key written straight into the data dir, as the CLI would while the
 * server runs (a `stampd` process costs seconds; the commands under test here are backup and
 * restore).
 */
async function prepare(
  location: { merchantId: string; locationId: string },
  codes: number,
): Promise<{ key: string; codes: string[] }> {
  const storage = openSqliteStorage(join(dataDir, "stamp.db"));
  try {
    const services = { store: storage.store, now: Date.now };
    const made: string[] = [];
    for (let i = 0; i < codes; i++) {
      const created = await createPairingCode(services, location);
      if (!created.ok) throw new Error(created.reason);
      made.push(created.code);
    }
    const key = await createApiKey(services, location.merchantId, "test");
    if (!key.ok) throw new Error(key.reason);
    return { key: key.key, codes: made };
  } finally {
    await storage.close();
  }
}

/** Every event id of the merchant a device pulls from the start, page by page. */
async function pullAll(device: TestDevice): Promise<string[]> {
  const ids: string[] = [];
  let reply: Reply = await device.sync([], null);
  for (;;) {
    expect(reply.status).toBe(200);
    ids.push(...reply.json.events.map((e: { id: string }) => e.id));
    if (!reply.json.more) return ids;
    reply = await device.sync([]);
  }
}

describe("stampd backup and restore", () => {
  it("restores a backup taken mid-stream: tills start over, re-send, and every event is there once", async () => {
    // The tills keep this object: after the restart it points them at the new server.
    const target = { url: "" };
    const first = await spawnServer(dataDir, { BACKUP_DAYS: "0" });
    running = first;
    target.url = first.url;
    const merchant = firstStartMerchant(first);
    const prepared = await prepare(merchant, 3);
    const { key } = prepared;
    const cards: string[] = [];
    for (let i = 0; i < 3; i++) {
      const reply = await call(target, "POST", "/api/v1/cards", {
        token: key,
        body: { programId: merchant.programId },
      });
      cards.push(reply.json.cardId);
    }
    const pair = async (name: string, code: string) => {
      const paired = await call(target, "POST", "/api/v1/devices/pair", {
        body: { code, name, mode: "staff" },
      });
      expect(paired.status).toBe(201);
      return new TestDevice(target, paired.json.deviceId, paired.json.token, merchant);
    };
    const tills: TestDevice[] = [];
    for (const [i, code] of prepared.codes.entries()) tills.push(await pair(`Till ${i + 1}`, code));
    const sent = new Map<TestDevice, Sent[]>(tills.map((till) => [till, []]));
    let t = Date.now();
    const round = async () => {
      for (const till of tills) {
        const events = cards.map((card) => till.stamp(card, 1, "staff", t++));
        sent.get(till)?.push(...events);
        const reply = await till.sync(events);
        expect(reply.json.accepted).toEqual(events.map((e) => e.id));
      }
    };

    await round();
    await round();
    const over = await stampdAnswer(dataDir, ["backup", "--out", join(dataDir, "stamp.db")]);
    expect(over.answer).toMatchObject({ error: { code: "backup-over-database" } });
    const backup = await stampd(dataDir, ["backup", "--out", backupFile]);
    // 3 enrolments and 3 tills × 3 cards × 2 rounds.
    expect(backup).toMatchObject({ file: backupFile, events: 3 + 18 });
    expect(backup.bytes).toBeGreaterThan(0);
    await round();
    await round();
    const cursorsBefore = new Map(tills.map((till) => [till, till.cursor]));

    const refused = await stampdAnswer(dataDir, ["restore", "--from", backupFile]);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.answer).toMatchObject({ error: { code: "server-running" } });

    await first.stop();
    const restored = await stampd(dataDir, ["restore", "--from", backupFile]);
    expect(restored).toMatchObject({ ok: true, events: 21 });
    expect(String(restored.previous)).toContain(join(dataDir, "backups", "before-restore-"));
    const second = await spawnServer(dataDir, { BACKUP_DAYS: "0" });
    running = second;
    target.url = second.url;

    let accepted = 0;
    let duplicates = 0;
    for (const till of tills) {
      const told = await till.sync([]);
      expect(told.status).toBe(409);
      expect(told.json.error.code).toBe("cursor-ahead");
      const resent = await till.sync(sent.get(till) ?? [], null);
      expect(resent.status).toBe(200);
      expect(resent.json.rejected).toEqual([]);
      accepted += resent.json.accepted.length;
      duplicates += resent.json.duplicates.length;
    }
    // What the backup lacked came back from the tills; what it had was recognized.
    expect(accepted).toBe(18);
    expect(duplicates).toBe(18);

    // A cursor from before the restore is refused even where its position exists again.
    const [firstTill] = tills;
    if (!firstTill) throw new Error("no till");
    const stale = await firstTill.sync([], cursorsBefore.get(firstTill) ?? null);
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe("cursor-ahead");

    for (const card of cards) {
      const view = await call(target, "GET", `/api/v1/cards/${card}`, { token: key });
      expect(view.json).toMatchObject({ lifetimeStamps: 12 });
    }
    const [code] = (await prepare(merchant, 1)).codes;
    const newcomer = await pair("New till", code as string);
    const ids = await pullAll(newcomer);
    expect(ids).toHaveLength(3 + 36);
    expect(new Set(ids).size).toBe(ids.length);
    // Two server processes and three stampd commands: seconds each on a busy machine.
  }, 120_000);
});
