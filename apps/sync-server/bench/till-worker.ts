/**
 * One thread of the many-tills client (`till-client.ts` starts them): the tills it was given, each
 * on its own keep-alive connection (undici, one request in flight), run as the main thread asks —
 * busy rounds, held pulls, a catch-up — and Hono's hello world over as many connections. Spread
 * over threads, the client is no longer the limit of what it measures.
 */

import { parentPort, workerData } from "node:worker_threads";
import { createClock, type HlcClock, nodeIdForDevice } from "@stamp/core";
import { seededRandom } from "@stamp/core/testing";
import {
  heldPullDelay,
  MAX_PULL_WAIT_SECONDS,
  offeredStream,
  offeredWaitAfter,
  PROTOCOL_VERSION,
} from "@stamp/wire-protocol";
import { Client } from "undici";
import { flushRounds, logRound, nextRound } from "./round-log";
import type {
  Answer,
  Asked,
  CatchUpResult,
  ClientCommand,
  HeldResult,
  StepResult,
  TillSetup,
  WorkerSetup,
} from "./till-client";
import { tillHeaders } from "./till-headers";
import { tillStamp } from "./till-stamp";
import { BENCH_STREAM, streamPull } from "./till-stream";

interface Till extends TillSetup {
  readonly client: Client;
  clock: HlcClock;
  /** Its last answer offered a stream (`maxStream`): its next held pull asks for one. */
  streams: boolean;
}

interface Reply {
  readonly status: number;
  readonly json: Record<string, unknown>;
  /** The answer's size on the wire (its JSON text). */
  readonly bytes: number;
}

/**
 * Events an answer brings: those pulled on their own and the tails of compact cards (protocol 5,
 * stamp-core SPEC CS1), which stand for a joining card's history or a late event.
 */
function pulledEvents(json: Record<string, unknown>): number {
  const cards = (json.cards ?? []) as { tail: unknown[] }[];
  return (json.events as unknown[]).length + cards.reduce((n, card) => n + card.tail.length, 0);
}

/** The epoch ms a UUIDv7 was made at (its first 48 bits), as `tillStamp` makes event ids. */
const madeAt = (id: string) => Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);

/**
 * How late the answer received at `receivedAt` brought each event made since `since` (epoch ms):
 * events pulled on their own and in compact cards' tails.
 */
function lateness(json: Record<string, unknown>, since: number, receivedAt: number): number[] {
  const cards = (json.cards ?? []) as { tail: { id: string }[] }[];
  const events = [...(json.events as { id: string }[]), ...cards.flatMap((card) => card.tail)];
  return events.map((e) => madeAt(e.id)).flatMap((at) => (at >= since ? [receivedAt - at] : []));
}

const setup = workerData as WorkerSetup;
const TILL_PROTOCOL = Number(process.env.BENCH_TILL_PROTOCOL ?? PROTOCOL_VERSION);
const random = seededRandom(setup.seed);
const tills: Till[] = setup.tills.map((till) => ({
  ...till,
  client: new Client(till.url, { pipelining: 1 }),
  clock: createClock(nodeIdForDevice(till.deviceId)),
  streams: false,
}));

/**
 * One sync POST on the till's own connection. A kept-alive socket the server closed while the
 * till paused fails at once: sent again on a new one, as a browser does (a sync is idempotent).
 * Any other network error is answered as status 0, a failed round.
 */
async function sync(
  till: Till,
  body: unknown,
  retried = false,
  extra: Record<string, string> = {},
): Promise<Reply> {
  try {
    const response = await till.client.request({
      path: "/api/v1/sync",
      method: "POST",
      // A till of today's protocol (it syncs in its location's scope and holds compact cards),
      // or of an older one (BENCH_TILL_PROTOCOL=4: whole card histories).
      headers: { ...tillHeaders(till.token, TILL_PROTOCOL), ...extra },
      body: JSON.stringify(body),
    });
    const text = await response.body.text();
    return { status: response.statusCode, json: text ? JSON.parse(text) : {}, bytes: text.length };
  } catch (error) {
    const code = (error as { code?: string }).code ?? "network";
    if (!retried && (code === "ECONNRESET" || code === "UND_ERR_SOCKET"))
      return sync(till, body, true, extra);
    return { status: 0, json: { error: { code } }, bytes: 0 };
  }
}

/** A card of the till's location (cards are spread over them by index), or any card on a visit. */
function cardFor(till: Till): string {
  const { cards, locations, visits } = setup;
  if (random() < visits) return cards[Math.floor(random() * cards.length)] as string;
  const perLocation = cards.length / locations;
  return cards[till.location + locations * Math.floor(random() * perLocation)] as string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rounds of 0–3 stamps and a pull until `endAt` (epoch ms), a random pause around `pauseMs` between. */
async function busy(chosen: readonly Till[], pauseMs: number, endAt: number): Promise<StepResult> {
  const latencies: number[] = [];
  let pulled = 0;
  let bytes = 0;
  let failures = 0;
  await Promise.all(
    chosen.map(async (till) => {
      // Tills do not start in lockstep: each waits a random part of its pause first.
      await pause(random() * pauseMs);
      while (Date.now() < endAt) {
        const events = Array.from({ length: Math.floor(random() * 4) }, () =>
          tillStamp(till, setup, cardFor(till)),
        );
        const round = nextRound();
        const started = performance.now();
        const reply = await sync(till, { cursor: till.cursor, events }, false, round.headers);
        const ms = performance.now() - started;
        latencies.push(ms);
        logRound(round.id, started, ms);
        if (reply.status !== 200) failures++;
        else {
          till.cursor = reply.json.cursor as string;
          pulled += pulledEvents(reply.json);
          bytes += reply.bytes;
        }
        await pause(pauseMs * (0.5 + random()));
      }
    }),
  );
  return { latencies, pulled, bytes, failures };
}

/**
 * Idle tills until `endAt` as the kiosk runs them: each holds a pull on the server — streamed
 * when the last answer offered it (`held-stream`, unless BENCH_STREAM=0), until the stream ends or
 * `endAt` — and starts the next one, at most one per HELD_PULL_GAP_MS and not before the last
 * answer's `waitAfterMs`.
 */
async function held(chosen: readonly Till[], endAt: number): Promise<HeldResult> {
  let answers = 0;
  let unheld = 0;
  let pulled = 0;
  let bytes = 0;
  let failures = 0;
  const staleness: number[] = [];
  const since = Date.now();
  await Promise.all(
    chosen.map(async (till) => {
      for (let started = Date.now(); started < endAt; started = Date.now()) {
        const wait = Math.min(MAX_PULL_WAIT_SECONDS, Math.ceil((endAt - started) / 1000));
        // The last answer and when it came: the next held pull keeps the gap from it.
        let last = { at: started, after: 0 };
        const answered = (json: Record<string, unknown>, size: number) => {
          answers++;
          if (json.maxWait === undefined) unheld++;
          till.cursor = json.cursor as string;
          till.streams = BENCH_STREAM && offeredStream(json.maxStream as number) !== null;
          pulled += pulledEvents(json);
          bytes += size;
          const at = Date.now();
          staleness.push(...lateness(json, since, at));
          last = { at, after: offeredWaitAfter(json.waitAfterMs as number) };
        };
        const body = { cursor: till.cursor, events: [], wait };
        if (till.streams) {
          const headers = tillHeaders(till.token, TILL_PROTOCOL);
          const asked = JSON.stringify({ ...body, stream: true });
          const signal = AbortSignal.timeout(Math.max(1, endAt - started));
          const streamed = await streamPull(
            till.client,
            headers,
            asked,
            (json, text) => answered(json, text.length),
            signal,
          );
          if (streamed.kind === "answer") {
            if (streamed.status === 200) answered(JSON.parse(streamed.text), streamed.text.length);
            else failures++;
          } else if (!streamed.clean && !signal.aborted) failures++;
        } else {
          const reply = await sync(till, body);
          if (reply.status !== 200) failures++;
          else answered(reply.json, reply.bytes);
        }
        // As the kiosk: at most one a gap, and not before the moment the last answer asked for.
        const now = Date.now();
        const gap = heldPullDelay(now - started, last.after - (now - last.at));
        if (gap > 0) await pause(gap);
      }
    }),
  );
  return { answers, unheld, pulled, bytes, failures, staleness };
}

/** Each till pulls until it has everything (unmeasured), as a till in service always has. */
async function catchUp(chosen: readonly Till[]): Promise<CatchUpResult> {
  let rounds = 0;
  let bytes = 0;
  await Promise.all(
    chosen.map(async (till) => {
      for (let more = true; more; ) {
        const reply = await sync(till, { cursor: till.cursor, events: [] });
        // A failed catch-up round is tried again; the cursor moves only on an answer.
        if (reply.status !== 200) continue;
        rounds++;
        bytes += reply.bytes;
        till.cursor = reply.json.cursor as string;
        till.streams = BENCH_STREAM && offeredStream(reply.json.maxStream as number) !== null;
        more = reply.json.more === true;
      }
    }),
  );
  return { rounds, bytes };
}

/** Each location's first till stamps each of the location's cards once: they are used there. */
async function placeCards(chosen: readonly Till[]): Promise<void> {
  await Promise.all(
    chosen.map(async (till) => {
      const events = setup.cards
        .filter((_, i) => i % setup.locations === till.location)
        .map((cardId) => tillStamp(till, setup, cardId));
      const reply = await sync(till, { cursor: null, events });
      if (reply.status !== 200) throw new Error(`placing cards: ${JSON.stringify(reply.json)}`);
    }),
  );
}

/** Hello world until `endAt` over `connections` connections, one request in flight on each. */
async function helloWorld(url: string, connections: number, endAt: number): Promise<number> {
  let requests = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new Client(url, { pipelining: 1 });
      while (Date.now() < endAt) {
        const response = await client.request({ path: "/", method: "GET" });
        await response.body.dump();
        requests++;
      }
      await client.close();
    }),
  );
  return requests;
}

const pick = (indices: readonly number[]) => indices.map((i) => tills[i] as Till);

async function run(command: ClientCommand): Promise<unknown> {
  switch (command.kind) {
    case "busy":
      return busy(pick(command.tills), command.pauseMs, command.endAt);
    case "held":
      return held(pick(command.tills), command.endAt);
    case "catch-up":
      return catchUp(pick(command.tills));
    case "place-cards":
      return placeCards(pick(command.tills));
    case "hello-world":
      return helloWorld(command.url, command.connections, command.endAt);
    case "close":
      flushRounds();
      await Promise.all(tills.map((till) => till.client.close()));
      return null;
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}

parentPort?.on("message", ({ id, command }: Asked) => {
  run(command).then(
    (result) => parentPort?.postMessage({ id, ok: true, result } satisfies Answer),
    (error: unknown) =>
      parentPort?.postMessage({ id, ok: false, error: String(error) } satisfies Answer),
  );
});
// Listening: the main thread may send commands now.
parentPort?.postMessage("ready");
