import type { StampEvent } from "@stamp/core";
import { call, type Origin } from "../test/fixtures";
import { tillHeaders } from "./till-headers";

/** A bulk-ingest bench's till: paired, with its pull cursor. */
export interface IngestTill {
  readonly deviceId: string;
  readonly token: string;
  cursor: string | null;
}

/**
 * Pairs a bulk-ingest till with `code`, speaking today's protocol as the kiosk does: a till of an
 * older protocol pulls the whole merchant's log (`log-page.ts`), a path no kiosk of today takes,
 * which was ~13 % of a SQLite batch's allocation while the benches' tills sent no protocol header.
 */
export async function pairIngestTill(server: Origin, code: string): Promise<IngestTill> {
  const reply = await call(server, "POST", "/api/v1/devices/pair", {
    headers: tillHeaders(),
    body: { code, name: "Bench till", mode: "staff" },
  });
  if (reply.status !== 201) throw new Error(`pairing refused: ${reply.status} ${reply.text}`);
  const paired: { deviceId: string; token: string } = reply.json;
  return { deviceId: paired.deviceId, token: paired.token, cursor: null };
}

/** Pushes one batch as the kiosk does and moves the till's cursor; throws unless all are accepted. */
export async function pushIngestBatch(
  server: Origin,
  till: IngestTill,
  events: readonly StampEvent[],
): Promise<void> {
  const reply = await call(server, "POST", "/api/v1/sync", {
    headers: tillHeaders(till.token),
    body: { cursor: till.cursor, events },
  });
  const answer: { accepted?: unknown[]; cursor?: string } | null = reply.json;
  if (reply.status !== 200 || answer?.accepted?.length !== events.length)
    throw new Error(`batch refused: ${reply.status} ${reply.text.slice(0, 300)}`);
  till.cursor = answer.cursor ?? till.cursor;
}
