import { HELD_PULL_GAP_MS, STREAM_HEARTBEAT_MS } from "@stamp/wire-protocol";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiKey, enroll, TestDevice } from "../../test/fixtures";
import { holdingPulls } from "../../test/held-pulls";
import { TestStream } from "../../test/stream-till";
import { startTestServer, type TestServer } from "../../test/test-server";
import { type SetTimer, timerSet } from "../../test/timer-set";
import { STREAM_SEEN_RECORD_MS } from "./sync-record";

const ids = (answer: { events: { id: string }[] }) => answer.events.map((e) => e.id);
const MAX_STREAM_SECONDS = 300;

/**
 * A stream's pace on a clock the test drives (`held-stream.ts`): a held pull's — after an answer,
 * nothing until the till's moment in the gap, then every change meanwhile in one answer — its
 * heartbeats between answers, its record of being seen, and its end at `maxStream`.
 */
describe("a held stream's pace, heartbeats and end (driven clock)", () => {
  let clock = 0;
  const { timers, pending } = timerSet(() => clock);
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ waitTimers: timers, maxStreamSeconds: MAX_STREAM_SECONDS });
  });
  afterAll(() => server.close());

  /** The timer set for `ms` from now, once the server has set it. */
  const timerIn = (within: (ms: number) => boolean) =>
    vi.waitFor(
      () => {
        const found = [...pending].find((timer) => within(timer.at - clock));
        if (!found) throw new Error("no such timer yet");
        return found;
      },
      { timeout: 20_000 },
    );
  const run = (timer: SetTimer) => {
    pending.delete(timer);
    timer.callback();
  };

  it("answers a change at once, gathers the next ones until its moment in the gap, beats between answers, records its till seen and ends at maxStream", async () => {
    const reader = await TestDevice.pair(server);
    const stamper = await TestDevice.pair(server);
    const key = await apiKey(server, server.seed);
    const { cardId } = await enroll(server, key, server.seed.programId);
    await reader.pullAll();
    const stream = await TestStream.open(reader);
    await holdingPulls(server, 1);

    const first = stamper.stamp(cardId);
    await stamper.sync([first]);
    expect(ids(await stream.next())).toEqual([first.id]);
    // Held until the till's moment (within two gaps): the two stamps meanwhile go in one answer.
    const pause = await timerIn((ms) => ms <= 2 * HELD_PULL_GAP_MS);
    const [second, third] = [stamper.stamp(cardId), stamper.stamp(cardId)];
    await stamper.sync([second]);
    await stamper.sync([third]);
    expect(stream.answers).toHaveLength(1);
    run(pause);
    expect(ids(await stream.next())).toEqual([second.id, third.id]);

    // Quiet: a heartbeat STREAM_HEARTBEAT_MS after the last answer.
    const beat = await timerIn((ms) => ms === STREAM_HEARTBEAT_MS);
    const beats = stream.heartbeats;
    run(beat);
    await vi.waitFor(() => expect(stream.heartbeats).toBe(beats + 1), { timeout: 20_000 });
    // Every STREAM_SEEN_RECORD_MS the till is recorded seen, not drained: only the request said it
    // had nothing to send (stamp-core SPEC R8).
    const { store } = server.services;
    const before = await store.getDevice(reader.deviceId);
    run(await timerIn((ms) => ms === STREAM_SEEN_RECORD_MS));
    const seen = await vi.waitFor(
      async () => {
        const device = await store.getDevice(reader.deviceId);
        expect(device?.lastSyncAt).not.toBe(before?.lastSyncAt);
        return device;
      },
      { timeout: 20_000 },
    );
    expect(seen?.drainedAt).toBe(before?.drainedAt);

    // Its time is up: the stream ends cleanly, its place given back.
    clock += MAX_STREAM_SECONDS * 1000;
    for (const timer of [...pending]) if (timer.at <= clock) run(timer);
    expect(await stream.ended()).toBe("clean");
    expect(stream.answers).toHaveLength(2);
    await holdingPulls(server, 0);
  });
});
