/**
 * The CSV export bench's data (`csv-export.ts`): a merchant made by the server's own code, then
 * its cards and events written straight into its tables, on SQLite or PostgreSQL.
 */

import {
  canonicalJson,
  emptyCardState,
  msToIso,
  nodeIdForDevice,
  type StampEvent,
} from "@stamp/core";
import { v7 as uuidv7 } from "uuid";
import { createApiKey } from "../src/api-keys/api-key";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import { databaseSettings } from "./bench-support";
import { bulkTarget, EVENT_COLUMNS } from "./seed-bulk";

const ROWS_PER_INSERT = 1_000;

interface Seeded {
  /** The merchant's API key, to download its exports. */
  readonly key: string;
}

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
  const deviceId = (await services.store.getServerDevice(merchant.merchantId)).id;
  await services.storage.close();

  // One transaction, as the dashboard's seed (`seedBulk`): the server is not running yet.
  const target = await bulkTarget(dataDir, databaseUrl);
  const started = Date.now() - eventCount;
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
    if (rows.length === ROWS_PER_INSERT) await target.insert("cards", CARD_COLUMNS, rows.splice(0));
  }
  await target.insert("cards", CARD_COLUMNS, rows.splice(0));
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
    const body = canonicalJson(event);
    rows.push([
      seq,
      event.id,
      merchant.merchantId,
      event.cardId,
      deviceId,
      hlc,
      event.type,
      body,
      at,
      at,
      null,
    ]);
    if (rows.length === ROWS_PER_INSERT)
      await target.insert("events", EVENT_COLUMNS, rows.splice(0));
  }
  await target.insert("events", EVENT_COLUMNS, rows.splice(0));
  await target.run("UPDATE merchant_logs SET head = $1 WHERE merchant_id = $2", [
    eventCount,
    merchant.merchantId,
  ]);
  await target.close();
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
