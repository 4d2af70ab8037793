import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { cliApiKey, cliPairedTill, firstStartMerchant } from "../test/first-start";
import { call } from "../test/fixtures";
import { type SpawnedServer, spawnServer } from "../test/spawn-server";

const dataDir = mkdtempSync(join(tmpdir(), "stamp-crash-"));
let running: SpawnedServer | undefined;

afterAll(async () => {
  await running?.stop("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

const BATCH = 200;

describe("crash safety", () => {
  it("keeps every acknowledged event exactly once and no batch half-applied after SIGKILL", async () => {
    const first = await spawnServer(dataDir);
    running = first;
    const merchant = firstStartMerchant(first);
    const [device, key] = await Promise.all([
      cliPairedTill(first, dataDir, merchant, "Crash till"),
      cliApiKey(dataDir, merchant),
    ]);
    const cards: string[] = [];
    for (let i = 0; i < 20; i++) {
      const reply = await call(first, "POST", "/api/v1/cards", {
        token: key,
        body: { programId: merchant.programId },
      });
      cards.push(reply.json.cardId);
    }

    // Two writers stream batches until the process is killed under them.
    const sent: string[][] = [];
    const acknowledged = new Set<string>();
    let t = Date.now();
    let stop = false;
    const writer = async () => {
      while (!stop) {
        const batch = Array.from({ length: BATCH }, (_, i) =>
          device.stamp(cards[i % cards.length] as string, 1, "staff", t++),
        );
        sent.push(batch.map((e) => e.id));
        try {
          const reply = await call(first, "POST", "/api/v1/sync", {
            token: device.token,
            body: { cursor: null, events: batch },
          });
          if (reply.status !== 200) throw new Error(`sync answered ${reply.status}`);
          for (const id of [...reply.json.accepted, ...reply.json.duplicates]) acknowledged.add(id);
        } catch {
          return; // the server died mid-request: this batch was never acknowledged
        }
      }
    };
    const writers = [writer(), writer()];
    while (acknowledged.size < 10 * BATCH) await new Promise((r) => setTimeout(r, 5));
    first.child.kill("SIGKILL");
    stop = true;
    await Promise.all(writers);
    await first.exited;

    const second = await spawnServer(dataDir);
    running = second;
    expect(second.summary.firstStart).toBeNull();
    // Another till reads the log back: the writer is never sent its own events.
    const after = await cliPairedTill(second, dataDir, merchant, "Reading till");
    const pulled: string[] = [];
    for (;;) {
      const page = await after.sync();
      expect(page.status).toBe(200);
      pulled.push(
        ...page.json.events
          .filter((e: { type: string }) => e.type === "stamps.added")
          .map((e: { id: string }) => e.id),
      );
      if (!page.json.more) break;
    }
    // The kill landed mid-stream: some batches were sent and never acknowledged.
    expect(sent.length * BATCH).toBeGreaterThan(acknowledged.size);
    const present = new Set(pulled);
    expect(present.size).toBe(pulled.length); // exactly once
    for (const id of acknowledged) expect(present.has(id)).toBe(true);
    for (const batch of sent) {
      const stored = batch.filter((id) => present.has(id)).length;
      expect([0, batch.length]).toContain(stored);
    }

    // The materialized card states agree with the log that survived.
    const db = new Database(join(dataDir, "stamp.db"), { readonly: true });
    const counts = db
      .prepare(
        "SELECT card_id AS cardId, sum(json_extract(body, '$.count')) AS n FROM events WHERE type = 'stamps.added' GROUP BY card_id",
      )
      .all() as { cardId: string; n: number }[];
    db.close();
    const total = counts.reduce((sum, c) => sum + c.n, 0);
    expect(total).toBe(present.size);
    for (const { cardId, n } of counts) {
      const card = await call(second, "GET", `/api/v1/cards/${cardId}`, { token: device.token });
      expect(card.json.lifetimeStamps).toBe(n);
    }
    await second.stop();
  }, 120_000); // two stampd starts and three CLI runs: ~60 s at a load of 20 on 2 cores
});
