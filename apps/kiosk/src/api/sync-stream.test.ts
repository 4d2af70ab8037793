import { PROTOCOL_HEADER, STREAM_SILENCE_MS } from "@stamp/wire-protocol";
import { describe, expect, it } from "vitest";
import type { SyncRequest } from "../sync/sync-protocol";
import { ManualTimers } from "../testing/manual-timers";
import { answerFrame, streamNetwork } from "../testing/stream-network";
import { TILL_PROTOCOL } from "./http";
import { type StreamEnd, streamAnswers } from "./sync-stream";

const HELD: SyncRequest = { cursor: "p1-l", events: [], wait: 25, stream: true };

/** Reads a stream's answers as the engine does, one `next` at a time, into `read`. */
function reader(fetch = streamNetwork(() => null).fetch) {
  const timers = new ManualTimers();
  const leave = new AbortController();
  const answers = streamAnswers(fetch, "/api/v1/sync", {
    body: HELD,
    token: "token",
    signal: leave.signal,
    timers,
  });
  const read: unknown[] = [];
  let ended: StreamEnd | null = null;
  const pump = (async () => {
    for (;;) {
      const next = await answers.next();
      if (next.done) {
        ended = next.value;
        return;
      }
      read.push(next.value);
    }
  })();
  return { timers, leave, read, ended: () => ended, pump };
}

/** Lets the event loop turn until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

describe("a held pull's stream, as the till reads it (wire protocol pull-stream)", () => {
  it("yields each answer once its event is whole, however the bytes were cut", async () => {
    const network = streamNetwork(() => null);
    const { read, pump, ended } = reader(network.fetch);
    await until(() => network.streams.length === 1);
    const stream = network.streams[0];
    const first = answerFrame({ cursor: "p2-l", name: "Café ☕" });
    const bytes = new TextEncoder().encode(`${first}:\r\n\r\n${answerFrame({ cursor: "p3-l" })}`);
    // Cut inside the answer, inside the ☕ (its UTF-8 bytes), and in the heartbeat's CRLF.
    const cuts = [7, first.length + 1, first.length + 4, first.length + 6, bytes.length];
    let from = 0;
    for (const cut of cuts) {
      stream?.write(bytes.slice(from, cut));
      from = cut;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await until(() => read.length === 2);
    stream?.end();
    await pump;
    expect(read).toEqual([
      { kind: "ok", status: 200, body: { cursor: "p2-l", name: "Café ☕" } },
      { kind: "ok", status: 200, body: { cursor: "p3-l" } },
    ]);
    expect(ended()).toBe("ended");
  });

  it("ends without a failure when nothing came for STREAM_SILENCE_MS; a heartbeat keeps it", async () => {
    const network = streamNetwork(() => null);
    const { read, pump, timers, ended } = reader(network.fetch);
    await until(() => network.streams.length === 1);
    await timers.advance(STREAM_SILENCE_MS - 1);
    network.streams[0]?.write(":\n\n");
    await until(() => timers.pending.size === 1 && timers.nextDelay() === STREAM_SILENCE_MS);
    await timers.advance(STREAM_SILENCE_MS - 1);
    expect(network.streams[0]?.left).toBe(false);
    await timers.advance(1);
    await pump;
    expect(network.streams[0]?.left).toBe(true);
    expect(read).toEqual([]);
    // Heard once: a link that died, not a stream held back on its way.
    expect(ended()).toBe("silent");
  });

  it("says a stream of which not one byte came (a proxy that buffers it) ended unheard", async () => {
    const network = streamNetwork(() => null);
    const { read, pump, timers, ended } = reader(network.fetch);
    await until(() => network.streams.length === 1);
    await timers.advance(STREAM_SILENCE_MS);
    await pump;
    expect(network.streams[0]?.left).toBe(true);
    expect(read).toEqual([]);
    expect(ended()).toBe("unheard");
  });

  it("says the same of a request whose answer's head never came", async () => {
    let asked: AbortSignal | null = null;
    const { read, pump, timers, ended } = reader(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          asked = init.signal ?? null;
          init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
        }),
    );
    await until(() => asked !== null);
    await timers.advance(STREAM_SILENCE_MS);
    await pump;
    expect(read).toEqual([]);
    expect(ended()).toBe("unheard");
  });

  it("ends quietly when the till leaves it", async () => {
    const network = streamNetwork(() => null);
    const { read, pump, leave, ended } = reader(network.fetch);
    await until(() => network.streams.length === 1);
    leave.abort();
    await pump;
    expect(read).toEqual([]);
    expect(ended()).toBe("ended");
  });

  it("yields a cut connection, or one cut within an answer, as a network failure", async () => {
    for (const stop of ["cut", "end"] as const) {
      const network = streamNetwork(() => null);
      const { read, pump } = reader(network.fetch);
      await until(() => network.streams.length === 1);
      network.streams[0]?.write(answerFrame({ cursor: "p2-l" }).slice(0, 12));
      network.streams[0]?.[stop]();
      await pump;
      expect(read).toEqual([{ kind: "network", message: expect.any(String) }]);
    }
  });

  it("reads an answer that is no stream as any answer: the server's error, with its Retry-After", async () => {
    const { read, pump } = reader(
      async () =>
        new Response(JSON.stringify({ error: { code: "busy", message: "no room" } }), {
          status: 503,
          headers: {
            "Content-Type": "application/json",
            "Retry-After": "7",
            [PROTOCOL_HEADER]: String(TILL_PROTOCOL),
          },
        }),
    );
    await pump;
    expect(read).toEqual([
      { kind: "error", status: 503, code: "busy", message: "no room", retryAfterMs: 7_000 },
    ]);
  });
});
