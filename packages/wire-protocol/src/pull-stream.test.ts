import { parseWith } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "./protocol-version";
import {
  offeredStream,
  STREAM_HEARTBEAT,
  StreamFrameReader,
  streamFrame,
  streamFrameParts,
} from "./pull-stream";
import {
  parseSyncAnswer,
  type SyncAnswerBody,
  SyncRequestSchema,
  syncAnswerJson,
  syncAnswerParts,
} from "./sync-messages";

const bytes = (text: string) => new TextEncoder().encode(text);

/** Every event's data `reader` gives for `chunks`, in order. */
const readAll = (chunks: readonly Uint8Array[], reader = new StreamFrameReader()) =>
  chunks.flatMap((chunk) => reader.read(chunk));

/** `whole` cut at every pair of places (three chunks, empty ones too). */
function* cuts(whole: Uint8Array): Generator<Uint8Array[]> {
  for (let a = 0; a <= whole.length; a++)
    for (let b = a; b <= whole.length; b++)
      yield [whole.subarray(0, a), whole.subarray(a, b), whole.subarray(b)];
}

const answer: SyncAnswerBody = {
  accepted: [],
  duplicates: [],
  rejected: [],
  events: [],
  cursor: "p7",
  more: false,
  serverTime: "2026-12-07T22:00:00.000Z",
  maxWait: 25,
  maxStream: 300,
};

describe("the stream's request and offer", () => {
  it("takes stream on a request, and only true or false", () => {
    const request = (stream: unknown) => ({ cursor: "p3", events: [], wait: 25, stream });
    for (const stream of [true, false])
      expect(parseWith(SyncRequestSchema, request(stream)).ok).toBe(true);
    for (const stream of [1, "yes", null])
      expect(parseWith(SyncRequestSchema, request(stream)).ok).toBe(false);
  });

  it("reads maxStream when offered, and answers without it", () => {
    const offered = parseSyncAnswer(JSON.parse(syncAnswerJson(answer, PROTOCOL_VERSION)));
    expect(offered.ok && offered.value.maxStream).toBe(300);
    const { maxStream: _, ...older } = answer;
    const plain = parseSyncAnswer(JSON.parse(syncAnswerJson(older, PROTOCOL_VERSION)));
    expect(plain.ok && plain.value.maxStream).toBeUndefined();
  });

  it("streams only on an offer of some time", () => {
    expect(offeredStream(300)).toBe(300);
    expect(offeredStream(0.5)).toBe(0.5);
    for (const none of [undefined, 0, -3, Number.NaN, Number.POSITIVE_INFINITY])
      expect(offeredStream(none)).toBeNull();
  });
});

describe("an answer's frame", () => {
  it("is one data line of the answer's JSON, read back whole", () => {
    const json = syncAnswerJson(answer, PROTOCOL_VERSION);
    expect(streamFrame(json)).toBe(`data: ${json}\n\n`);
    expect(streamFrameParts(syncAnswerParts(answer, PROTOCOL_VERSION)).join("")).toBe(
      streamFrame(json),
    );
    const [data] = readAll([bytes(streamFrame(json))]);
    const read = parseSyncAnswer(JSON.parse(data as string));
    expect(read.ok && read.value.cursor).toBe("p7");
  });
});

describe("StreamFrameReader", () => {
  it("reads frames and heartbeats cut anywhere, characters of several bytes too", () => {
    const texts = ['{"a":"Zürich – 東京"}', '{"b":"🎟️"}'];
    const whole = bytes(
      `${STREAM_HEARTBEAT}${streamFrame(texts[0] as string)}${STREAM_HEARTBEAT}${streamFrame(texts[1] as string)}`,
    );
    for (const chunks of cuts(whole)) {
      const reader = new StreamFrameReader();
      expect(readAll(chunks, reader)).toEqual(texts);
      expect(reader.partial).toBe(false);
    }
  });

  it("ends lines at CRLF, CR or LF, a CRLF cut between its two bytes too", () => {
    const whole = bytes('data: {"x":1}\r\n\r\n:\r\rdata: {"x":2}\r\rdata:{"x":3}\n\n');
    for (const chunks of cuts(whole))
      expect(readAll(chunks)).toEqual(['{"x":1}', '{"x":2}', '{"x":3}']);
  });

  it("skips comments and other fields; joins an event's data lines by newlines", () => {
    const text = ": hello\nevent: answer\nid: 4\nretry: 10\ndata: one\ndata\ndata:  two\n\n\n\n";
    expect(readAll([bytes(text)])).toEqual(["one\n\n two"]);
    // A frame of comments alone, or fields but no data, is no event.
    expect(readAll([bytes(":\n\nid: 5\n\n")])).toEqual([]);
  });

  it("holds an event cut short, and tells that the stream stopped within it", () => {
    const reader = new StreamFrameReader();
    expect(reader.read(bytes('data: {"x":1}\n'))).toEqual([]);
    expect(reader.partial).toBe(true);
    expect(reader.read(bytes("\n"))).toEqual(['{"x":1}']);
    expect(reader.partial).toBe(false);
    expect(reader.read(bytes("data: {"))).toEqual([]);
    expect(reader.partial).toBe(true);
  });
});
