import { PROTOCOL_HEADER } from "@stamp/wire-protocol";
import { STAMPD_BUNDLE, spawnServer } from "../test/spawn-server";
import { cpuSeconds, peakRssMb, whole } from "./bench-support";

/** What a till's pull to the end cost: pages, answer bytes, events and compact cards sent. */
export interface Pulled {
  readonly pages: number;
  readonly bytes: number;
  readonly events: number;
  readonly cards: number;
  /** The compact cards' tail events. */
  readonly tail: number;
  /** Seconds the server told the till to wait (429 Retry-After). */
  readonly throttled: number;
  readonly seconds: number;
  /** The cursor the last answer handed the till. */
  readonly cursor: string;
}

const headers = (protocol: number) => ({
  "content-type": "application/json",
  [PROTOCOL_HEADER]: String(protocol),
});

/** Pairs a till of `protocol` with the pairing code; its bearer token. */
export async function pairTill(url: string, code: string, protocol: number): Promise<string> {
  const paired = await fetch(`${url}/api/v1/devices/pair`, {
    method: "POST",
    headers: headers(protocol),
    body: JSON.stringify({ code, name: "First pull", mode: "staff" }),
  });
  if (paired.status !== 201) throw new Error(`pairing answered ${paired.status}`);
  return ((await paired.json()) as { token: string }).token;
}

/** A till's pull from `cursor` (null: everything) to the end, page by page, as the kiosk pulls. */
export async function pullToEnd(
  url: string,
  token: string,
  protocol: number,
  from: string | null,
): Promise<Pulled> {
  let cursor = from;
  const totals = { pages: 0, bytes: 0, events: 0, cards: 0, tail: 0, throttled: 0 };
  const started = performance.now();
  for (;;) {
    const reply = await fetch(`${url}/api/v1/sync`, {
      method: "POST",
      headers: { ...headers(protocol), authorization: `Bearer ${token}` },
      body: JSON.stringify({ cursor, events: [] }),
    });
    const text = await reply.text();
    // A till told to slow down waits as long as the server asks (Retry-After), as the kiosk does.
    if (reply.status === 429) {
      const wait = Number(reply.headers.get("retry-after") ?? 1);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      totals.throttled += wait;
      continue;
    }
    if (reply.status !== 200) throw new Error(`sync answered ${reply.status}: ${text}`);
    const answer = JSON.parse(text) as {
      events: unknown[];
      cards?: { tail: unknown[] }[];
      cursor: string;
      more: boolean;
    };
    totals.pages++;
    totals.bytes += Buffer.byteLength(text);
    totals.events += answer.events.length;
    totals.cards += answer.cards?.length ?? 0;
    totals.tail += (answer.cards ?? []).reduce((n, card) => n + card.tail.length, 0);
    cursor = answer.cursor;
    if (!answer.more) break;
  }
  return { ...totals, seconds: (performance.now() - started) / 1000, cursor };
}

/** A pull's figures as the first-pull table shows them (`pid`: the server's, started afresh). */
export function pulledFigures(
  pulled: Pulled,
  pid: number,
  start: { readonly cpuSeconds: number; readonly rssMb: number },
) {
  return {
    pages: whole(pulled.pages),
    "events sent": whole(pulled.events),
    "cards sent (tail events)": `${whole(pulled.cards)} (${whole(pulled.tail)})`,
    "answer MB": (pulled.bytes / 1e6).toFixed(1),
    "seconds (told to wait)": `${pulled.seconds.toFixed(1)} (${pulled.throttled})`,
    "server CPU s": (cpuSeconds(pid) - start.cpuSeconds).toFixed(1),
    "server RSS after start, MB": start.rssMb.toFixed(0),
    "server peak RSS, MB": peakRssMb(pid).toFixed(0),
  };
}

/** `fn` with the server process started afresh on the database, stopped after. */
export async function withServer<T>(
  dataDir: string,
  env: Record<string, string>,
  fn: (url: string, pid: number) => Promise<T>,
): Promise<T> {
  const server = await spawnServer(dataDir, env, STAMPD_BUNDLE);
  try {
    return await fn(server.url, server.child.pid as number);
  } finally {
    await server.stop();
  }
}
