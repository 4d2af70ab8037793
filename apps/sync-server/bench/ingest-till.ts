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
 * Pairs a bulk-ingest till with `code` and makes its first pull to the end, speaking today's
 * protocol as the kiosk does: a till of an older protocol pulls the whole merchant's log
 * (`log-page.ts`), a path no kiosk of today takes, which was ~13 % of a SQLite batch's allocation
 * while the benches' tills sent no protocol header. A kiosk of today takes its scope's cards as
 * compact state in its first pull, before it stamps (`compact-first-pull.ts`); pushing from no
 * cursor, the bench's batches had carried that first pull a page at a time (SQLite 57 → 178 ms a
 * batch in the run that found it).
 */
export async function pairIngestTill(server: Origin, code: string): Promise<IngestTill> {
  const reply = await call(server, "POST", "/api/v1/devices/pair", {
    headers: tillHeaders(),
    body: { code, name: "Bench till", mode: "staff" },
  });
  if (reply.status !== 201) throw new Error(`pairing refused: ${reply.status} ${reply.text}`);
  const paired: { deviceId: string; token: string } = reply.json;
  const till: IngestTill = { deviceId: paired.deviceId, token: paired.token, cursor: null };
  await pushIngestBatch(server, till, []);
  return till;
}

/**
 * Pushes one batch as the kiosk does, then pulls the rest at once while an answer says there is
 * more, as the kiosk does; throws unless every event is accepted. A till that left the rest fell
 * a page further behind at every turn (three others' batches, one page pulled): by the run's end
 * its pages were tens of thousands of events old, and a protocol-5 page judges each pulled event's
 * lateness against its card's events since (`CompactFacts.late`) — 45 % of a SQLite batch's CPU
 * at 100,000 events (151 ms a batch), a cost of the bench, not of a kiosk.
 */
export async function pushIngestBatch(
  server: Origin,
  till: IngestTill,
  events: readonly StampEvent[],
): Promise<void> {
  let more = await syncRound(server, till, events);
  while (more) more = await syncRound(server, till, []);
}

/** One sync round of `till`; whether its answer says there is more to pull. */
async function syncRound(
  server: Origin,
  till: IngestTill,
  events: readonly StampEvent[],
): Promise<boolean> {
  const reply = await call(server, "POST", "/api/v1/sync", {
    headers: tillHeaders(till.token),
    body: { cursor: till.cursor, events },
  });
  const answer: { accepted?: unknown[]; cursor?: string; more?: boolean } | null = reply.json;
  if (reply.status !== 200 || answer?.accepted?.length !== events.length)
    throw new Error(`batch refused: ${reply.status} ${reply.text.slice(0, 300)}`);
  till.cursor = answer.cursor ?? till.cursor;
  return answer.more === true;
}
