import "../testing/fake-idb";
import type { StampEvent } from "@stamp/core";
import { STREAM_SILENCE_MS } from "@stamp/wire-protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { deviceApi } from "../api/device-api";
import { openStampDb, type StampDb } from "../storage/db";
import { DEVICE, OTHER_DEVICE, stampEvent, T0 } from "../testing/fixtures";
import { ManualTimers } from "../testing/manual-timers";
import { answerFrame, streamNetwork } from "../testing/stream-network";
import { acceptedAnswer } from "../testing/sync-deps";
import { RETRY_MIN_MS, WAIT_GAP_MS } from "./backoff";
import { STREAM_FALLBACK_MS, type SyncController, startSync } from "./sync-controller";
import type { SyncRequest } from "./sync-protocol";

/** A server that offers held pulls of 25 s, streamed for up to 300 s. */
const OFFERS = { maxWait: 25, maxStream: 300 };

function answer(cursor: string, events: readonly StampEvent[] = [], request?: SyncRequest) {
  return { ...acceptedAnswer(request ?? { events: [] }, events, cursor, Date.now()), ...OFFERS };
}

/** Lets the event loop turn (IndexedDB's work among it) until `done` holds, timers held still. */
async function until(timers: ManualTimers, done: () => boolean): Promise<void> {
  while (!done()) {
    await timers.advance(0);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

let databases = 0;

describe("the kiosk's idle held pull as one stream (issue 16)", () => {
  let timers: ManualTimers;
  let db: StampDb;
  let network: ReturnType<typeof streamNetwork>;
  let controller: SyncController;
  let pulled: StampEvent[];
  let synced: number;
  /** The cursor of the server's plain answers. */
  let head: string;

  const cursor = async () => (await db.meta.get("cursor"))?.value;
  const open = () => network.streams.filter((s) => !s.left);

  beforeEach(async () => {
    vi.stubGlobal("navigator", { onLine: true });
    vi.stubGlobal("window", new EventTarget());
    vi.stubGlobal("document", Object.assign(new EventTarget(), { visibilityState: "visible" }));
    timers = new ManualTimers();
    databases += 1;
    db = openStampDb("relaxed", `held-stream-${databases}`);
    head = "p1-l";
    network = streamNetwork((request) => answer(head, [], request));
    pulled = [];
    synced = 0;
    controller = startSync({
      db,
      durable: (operation) => operation(),
      withRoom: (write) => write(),
      api: deviceApi(network.fetch, "", timers),
      deviceId: DEVICE,
      token: "token",
      onPulled: (events) => pulled.push(...events),
      onCards: () => {},
      onRejected: () => {},
      onSynced: () => {
        synced += 1;
      },
      onUnpaired: () => {},
      onOutdated: () => {},
      timers,
    });
    // The first round is answered at once and offers the stream: the held pull streams.
    await until(timers, () => open().length === 1);
  });

  afterEach(() => {
    controller.dispose();
    vi.unstubAllGlobals();
  });

  it("asks for the stream the answer offered and stores each streamed answer as a held answer", async () => {
    expect(network.requests).toEqual([
      expect.objectContaining({ cursor: null, events: [] }),
      expect.objectContaining({ cursor: "p1-l", events: [], wait: 25, stream: true }),
    ]);
    expect(controller.status.get()).toMatchObject({ running: false, lastError: null });
    const news = [1, 2, 3].map((i) => stampEvent(T0 + i, { deviceId: OTHER_DEVICE }));
    const frames =
      answerFrame(answer("p2-l", [news[0] as StampEvent])) +
      answerFrame(answer("p4-l", news.slice(1)));
    const stream = open()[0];
    // The first answer's event cut in two, the second's end in the next chunk.
    stream?.write(frames.slice(0, 40));
    stream?.write(frames.slice(40, frames.length - 1));
    await until(timers, () => pulled.length === 1);
    expect(await cursor()).toBe("p2-l");
    stream?.write(frames.slice(-1));
    await until(timers, () => pulled.length === 3);
    expect(await cursor()).toBe("p4-l");
    expect(await db.log.count()).toBe(3);
    // Each answer told as a held pull's answer is: the first round and two on the stream.
    await until(timers, () => synced === 3);
    expect(pulled).toEqual(news);
    // One request brought both.
    expect(network.requests).toHaveLength(2);
    expect(stream?.left).toBe(false);
  });

  it("reads the page after one with more to pull on the stream too, asking nothing of its own", async () => {
    const news = [1, 2].map((i) => stampEvent(T0 + i, { deviceId: OTHER_DEVICE }));
    const stream = open()[0];
    stream?.write(answerFrame({ ...answer("p2-l", news.slice(0, 1)), more: true }));
    stream?.write(answerFrame(answer("p3-l", news.slice(1))));
    await until(timers, () => pulled.length === 2);
    expect(await cursor()).toBe("p3-l");
    expect(network.requests).toHaveLength(2);
    expect(stream?.left).toBe(false);
  });

  it("leaves the stream when its view narrowed, pulls its view from the start, and streams again", async () => {
    const stream = open()[0];
    // Read in the merchant's whole log, then in the till's location's (`viewNarrowed`).
    stream?.write(answerFrame(answer("p2")));
    head = "p3-l";
    stream?.write(answerFrame(answer("p3-l")));
    await until(timers, () => network.requests.length === 3);
    expect(stream?.left).toBe(true);
    expect(network.requests[2]).toMatchObject({ cursor: null, events: [] });
    expect(network.requests[2]?.stream).toBeUndefined();
    await until(timers, () => controller.status.get().nextRunAt !== null);
    await timers.advance(WAIT_GAP_MS);
    await until(timers, () => open().length === 1);
    expect(network.requests[3]).toMatchObject({ cursor: "p3-l", stream: true });
  });

  it("leaves the stream for a scan: its event goes up in a round of its own, then it streams again", async () => {
    const own = stampEvent(Date.now());
    await db.log.add(own);
    await db.outbox.add(own);
    head = "p2-l";
    controller.trigger("event");
    await until(timers, () => network.streams[0]?.left === true);
    await until(timers, () => network.requests.length === 3);
    expect(network.requests[2]).toMatchObject({ cursor: "p1-l", events: [own] });
    expect(network.requests[2]?.stream).toBeUndefined();
    await until(timers, () => controller.status.get().nextRunAt !== null);
    // Held pulls (and streams) start at most one per gap.
    expect(timers.nextDelay()).toBe(WAIT_GAP_MS);
    await timers.advance(WAIT_GAP_MS);
    await until(timers, () => open().length === 1);
    expect(network.requests[3]).toMatchObject({ cursor: "p2-l", stream: true, events: [] });
    expect(await db.outbox.count()).toBe(0);
  });

  it("drops a stream that fell silent and opens another; a heartbeat keeps it", async () => {
    await timers.advance(STREAM_SILENCE_MS - 1_000);
    open()[0]?.write(":\n\n");
    await until(timers, () => timers.nextDelay() === STREAM_SILENCE_MS);
    await timers.advance(STREAM_SILENCE_MS - 1);
    expect(network.streams).toHaveLength(1);
    await timers.advance(1);
    await until(timers, () => network.streams.length === 2);
    expect(network.streams[0]?.left).toBe(true);
    expect(network.requests[2]).toMatchObject({ cursor: "p1-l", stream: true });
    expect(controller.status.get()).toMatchObject({ lastError: null, streamHeldBack: false });
  });

  it("long-polls after a stream of which not a byte came (a proxy holds it back), says so, and streams again hours later", async () => {
    // The server's first heartbeat is due at 15 s: 45 s of nothing is no quiet shop.
    await timers.advance(STREAM_SILENCE_MS);
    await until(timers, () => network.requests.length === 3);
    expect(network.streams[0]?.left).toBe(true);
    expect(controller.status.get()).toMatchObject({ lastError: null, streamHeldBack: true });
    // The same held pull, long-polled: news comes in its answer.
    expect(network.requests[2]).toMatchObject({ cursor: "p1-l", events: [], wait: 25 });
    expect(network.requests[2]?.stream).toBeUndefined();
    // Each answer offers the stream again; the next held pull is long-polled all the same.
    await until(timers, () => controller.status.get().nextRunAt !== null);
    await timers.advance(WAIT_GAP_MS);
    await until(timers, () => network.requests.length === 4);
    expect(network.requests[3]).toMatchObject({ cursor: "p1-l", wait: 25 });
    expect(network.requests[3]?.stream).toBeUndefined();
    expect(network.streams).toHaveLength(1);
    // Hours on (the clock moved, the long-polls between are as these), a stream is tried again.
    await until(timers, () => controller.status.get().nextRunAt !== null);
    timers.time += STREAM_FALLBACK_MS;
    await until(timers, () => open().length === 1);
    expect(network.streams).toHaveLength(2);
    expect(controller.status.get().streamHeldBack).toBe(false);
    // Heard this time: it stays.
    open()[0]?.write(":\n\n");
    await timers.advance(STREAM_SILENCE_MS - 1);
    expect(open()).toHaveLength(1);
    expect(controller.status.get().streamHeldBack).toBe(false);
  });

  it("opens the next stream when the server ends one, not before the gap", async () => {
    open()[0]?.end();
    await until(timers, () => controller.status.get().nextRunAt !== null);
    expect(timers.nextDelay()).toBe(WAIT_GAP_MS);
    await timers.advance(WAIT_GAP_MS);
    await until(timers, () => open().length === 1);
    expect(network.requests).toHaveLength(3);
    expect(controller.status.get().lastError).toBeNull();
  });

  it("takes a stream cut as a failed round: the error shown, the backoff, then a round and a stream again", async () => {
    open()[0]?.cut();
    await until(timers, () => controller.status.get().lastError !== null);
    expect(timers.nextDelay()).toBe(RETRY_MIN_MS);
    await timers.advance(RETRY_MIN_MS);
    await until(timers, () => open().length === 1);
    expect(network.requests.slice(2)).toEqual([
      expect.not.objectContaining({ stream: true }),
      expect.objectContaining({ stream: true }),
    ]);
    expect(controller.status.get().lastError).toBeNull();
  });

  it("gives the stream up when the network goes, and streams again when it is back", async () => {
    window.dispatchEvent(new Event("offline"));
    await until(timers, () => network.streams[0]?.left === true);
    expect(controller.status.get().online).toBe(false);
    window.dispatchEvent(new Event("online"));
    await until(timers, () => network.requests.length === 3);
    await timers.advance(WAIT_GAP_MS);
    await until(timers, () => open().length === 1);
    expect(network.requests.slice(2)).toEqual([
      expect.not.objectContaining({ stream: true }),
      expect.objectContaining({ stream: true }),
    ]);
  });
});
