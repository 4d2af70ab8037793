/**
 * The CSV export bench's data (`csv-export.ts`): a merchant made by the server's own code, then
 * its cards and events written straight into its tables, on SQLite or PostgreSQL.
 */

import { join } from "node:path";
import {
  canonicalJson,
  emptyCardState,
  msToIso,
  nodeIdForDevice,
  type StampEvent,
} from "@stamp/core";
import pg from "pg";
import { v7 as uuidv7 } from "uuid";
import { createApiKey } from "../src/api-keys/api-key";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import { openDatabase } from "../src/storage/sqlite/open-database";
import { databaseSettings } from "./bench-support";

const ROWS_PER_INSERT = 1_000;

interface Seeded {
  /** The merchant's API key, to download its exports. */
  readonly key: string;
}

type Insert = (table: string, columns: readonly string[], rows: unknown[][]) => Promise<void>;

/** A merchant made by the server's own code, then cards and events written straight into its tables. */
export async function seedExport(
  dataDir: string,
  databaseUrl: string | null,
  { eventCount, cardCount }: { readonly eventCount: number; readonly cardCount: number },
): Promise<Seeded> {
  const config = { ...loadConfig({}), dataDir, ...databaseSettings(databaseUrl).config };
  const services = await openServices(config, createLogger("warn"), "http://localhost");
  const merchant = await createMerchant(services, "Export Cafe");
  const key = await createApiKey(services, merchant.merchantId, "bench");
  if (!key.ok) throw new Error(key.reason);
  const program = (await services.store.getProgram(merchant.merchantId, merchant.programId))
    ?.program;
  if (!program) throw new Error("the merchant has no program");
  await services.storage.close();

  const started = Date.now() - eventCount;
  const insertAll = async (insert: Insert, deviceId: string) => {
    const cards: string[] = [];
    const rows: unknown[][] = [];
    for (let i = 0; i < cardCount; i++) {
      const id = uuidv7({ msecs: started });
      cards.push(id);
      const profile = {
        name: `Customer ${i}`,
        email: `customer${i}@example.org`,
        phone: `+49 30 ${i}`,
      };
      const state = emptyCardState(program, id);
      rows.push([
        id,
        merchant.merchantId,
        merchant.programId,
        `code-${id}`,
        JSON.stringify(profile),
        started,
        JSON.stringify(state),
        0,
        0,
        0,
        started,
      ]);
      if (rows.length === ROWS_PER_INSERT) await insert("cards", CARD_COLUMNS, rows.splice(0));
    }
    await insert("cards", CARD_COLUMNS, rows.splice(0));
    const node = nodeIdForDevice(deviceId);
    for (let seq = 1; seq <= eventCount; seq++) {
      const at = started + seq;
      const hlc = `${msToIso(at)}-0000-${node}`;
      const event: StampEvent = {
        id: uuidv7({ msecs: at }),
        v: 1,
        type: "stamps.added",
        hlc,
        deviceId,
        merchantId: merchant.merchantId,
        programId: merchant.programId,
        cardId: cards[seq % cardCount] as string,
        count: 1,
        channel: "staff",
      };
      rows.push([
        seq,
        event.id,
        merchant.merchantId,
        event.cardId,
        deviceId,
        hlc,
        event.type,
        canonicalJson(event),
        at,
        at,
      ]);
      if (rows.length === ROWS_PER_INSERT) await insert("events", EVENT_COLUMNS, rows.splice(0));
    }
    await insert("events", EVENT_COLUMNS, rows.splice(0));
  };
  const head = "UPDATE merchant_logs SET head = $1 WHERE merchant_id = $2";
  const serverDevice = "SELECT id FROM devices WHERE merchant_id = $1 AND kind = 'server'";

  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const device = (await client.query<{ id: string }>(serverDevice, [merchant.merchantId]))
        .rows[0]?.id as string;
      await insertAll(async (table, columns, rows) => {
        if (rows.length === 0) return;
        const values = rows.map(
          (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`)})`,
        );
        await client.query(`INSERT INTO ${table} (${columns}) VALUES ${values}`, rows.flat());
      }, device);
      await client.query(head, [eventCount, merchant.merchantId]);
      await client.query("ANALYZE");
    } finally {
      await client.end();
    }
  } else {
    const db = openDatabase(join(dataDir, "stamp.db")).$client;
    const sqlite = (text: string) => db.prepare(text.replace(/\$\d+/g, "?"));
    const device = (sqlite(serverDevice).get(merchant.merchantId) as { id: string }).id;
    const statements = new Map<string, ReturnType<typeof db.prepare>>();
    await insertAll(async (table, columns, rows) => {
      const statement =
        statements.get(table) ??
        db.prepare(`INSERT INTO ${table} (${columns}) VALUES (${columns.map(() => "?")})`);
      statements.set(table, statement);
      db.transaction(() => {
        for (const row of rows) statement.run(...row);
      })();
    }, device);
    sqlite(head).run(eventCount, merchant.merchantId);
    db.close();
  }
  return { key: key.key };
}

const CARD_COLUMNS = [
  "id",
  "merchant_id",
  "program_id",
  "code",
  "profile",
  "created_at",
  "state",
  "stamps",
  "cycles",
  "conflicts",
  "updated_at",
];
const EVENT_COLUMNS = [
  "seq",
  "id",
  "merchant_id",
  "card_id",
  "device_id",
  "hlc",
  "type",
  "body",
  "received_at",
  "placed_at",
];
