import { describe, expect, it } from "vitest";
import { databaseBefore } from "../../../test/sqlite-migrations";
import { openDatabase } from "./open-database";

const NOW = 1_700_000_000_000;
const merchant = (n: number) => `0190a000-0000-4000-8000-00000000000${n}`;
const card = (n: number) => `0190a000-0000-4000-8000-0000000000c${n}`;
const device = (n: number) => `0190a000-0000-4000-8000-0000000000d${n}`;

describe("migration 0007", () => {
  it("numbers each merchant's events from 1 in their old order, and starts every merchant's log row", () => {
    const { file, db: old } = databaseBefore(7);
    for (const m of [1, 2, 3]) {
      old
        .prepare("INSERT INTO merchants (id, name, created_at) VALUES (?, ?, ?)")
        .run(merchant(m), `M${m}`, NOW);
      old
        .prepare(
          "INSERT INTO programs (id, merchant_id, slug, version, body, created_at, updated_at) VALUES (?, ?, ?, 1, '{}', ?, ?)",
        )
        .run(merchant(m), merchant(m), `p${m}`, NOW, NOW);
      old
        .prepare(
          "INSERT INTO devices (id, merchant_id, kind, name, created_at) VALUES (?, ?, 'server', 'S', ?)",
        )
        .run(device(m), merchant(m), NOW);
      old
        .prepare(
          "INSERT INTO cards (id, merchant_id, program_id, code, created_at, state, stamps, cycles, conflicts, updated_at) VALUES (?, ?, ?, '', ?, '{}', 0, 0, 0, ?)",
        )
        .run(card(m), merchant(m), merchant(m), NOW, NOW);
    }
    old
      .prepare(
        "INSERT INTO wallet_passes (card_id, merchant_id, auth_token, fingerprint, updated_at, update_seq) VALUES (?, ?, 't', 'f', ?, 9)",
      )
      .run(card(1), merchant(1), NOW);
    // Merchants 1 and 2 interleaved in the global sequence; merchant 3 has no events.
    const order = [1, 2, 1, 1, 2];
    order.forEach((m, i) => {
      old
        .prepare(
          "INSERT INTO events (id, merchant_id, card_id, device_id, hlc, type, body, received_at) VALUES (?, ?, ?, ?, ?, 'stamps.added', ?, ?)",
        )
        .run(
          `e${i}`,
          merchant(m),
          card(m),
          device(m),
          `2026-01-01T00:00:0${i}.000Z-0000-x`,
          `{"n":${i}}`,
          NOW,
        );
    });
    old.close();

    const db = openDatabase(file).$client;
    const events = db
      .prepare<[], { id: string; merchant_id: string; seq: number }>(
        "SELECT id, merchant_id, seq FROM events ORDER BY rowid",
      )
      .all();
    expect(events.map((e) => [e.id, e.seq])).toEqual([
      ["e0", 1],
      ["e1", 1],
      ["e2", 2],
      ["e3", 3],
      ["e4", 2],
    ]);
    const logs = db
      .prepare<
        [],
        { merchant_id: string; head: number; pass_tag: number; last_hlc: string | null }
      >("SELECT merchant_id, head, pass_tag, last_hlc FROM merchant_logs ORDER BY merchant_id")
      .all();
    expect(logs).toEqual([
      {
        merchant_id: merchant(1),
        head: 3,
        pass_tag: 9,
        last_hlc: "2026-01-01T00:00:03.000Z-0000-x",
      },
      {
        merchant_id: merchant(2),
        head: 2,
        pass_tag: 9,
        last_hlc: "2026-01-01T00:00:04.000Z-0000-x",
      },
      { merchant_id: merchant(3), head: 0, pass_tag: 9, last_hlc: null },
    ]);
    db.close();
  });
});
