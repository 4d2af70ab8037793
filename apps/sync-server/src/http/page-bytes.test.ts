import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  COMPACT_CARDS_PROTOCOL,
  type CompactCardBody,
  PROTOCOL_VERSION,
  type SyncAnswerBody,
  syncAnswerHead,
  syncAnswerJson,
} from "@stamp/wire-protocol";
import { describe, expect, it } from "vitest";
import { pageBytes, writeHeadAndPage } from "./page-bytes";
import { ANSWER_CHUNK_BYTES } from "./utf8-body";

const EVENTS = ['{"id":"e1","note":"Café ☕"}', '{"id":"e2"}'];
const CARDS: CompactCardBody[] = [{ cardId: "c1", at: 7, snapshot: null, tail: ['{"id":"e0"}'] }];

/** A held answer's fields for a till: its own `waitAfterMs`. */
const fields = (waitAfterMs: number) => ({
  accepted: [],
  duplicates: [],
  rejected: [],
  cursor: "1.7",
  more: false,
  serverTime: "2026-12-07T19:00:00.000Z",
  maxWait: 25,
  waitAfterMs,
});

describe("pageBytes", () => {
  it("is the answer's JSON after its head, made once for every answer given the same page", () => {
    const page = pageBytes(EVENTS, CARDS, PROTOCOL_VERSION);
    for (const wait of [120, 480]) {
      const answer: SyncAnswerBody = { ...fields(wait), events: EVENTS, cards: CARDS };
      const head = syncAnswerHead(fields(wait));
      const whole = Buffer.concat([Buffer.from(head), page as Buffer]);
      expect(whole.equals(Buffer.from(syncAnswerJson(answer, PROTOCOL_VERSION)))).toBe(true);
      expect(pageBytes(EVENTS, CARDS, PROTOCOL_VERSION)).toBe(page);
    }
  });

  it("is made again for other cards or another peer", () => {
    const page = pageBytes(EVENTS, CARDS, PROTOCOL_VERSION);
    const none: CompactCardBody[] = [];
    const older = pageBytes(EVENTS, none, COMPACT_CARDS_PROTOCOL - 1);
    expect(older).not.toBe(page);
    expect(older?.toString()).toBe('{"id":"e1","note":"Café ☕"},{"id":"e2"}]}');
    expect(pageBytes(EVENTS, CARDS, PROTOCOL_VERSION)).not.toBe(page);
  });

  it("is null for a page longer than a chunk, which is written a chunk at a time", () => {
    const long = Array.from({ length: 100 }, (_, i) => `{"id":"e${i}","n":"${"☕".repeat(60)}"}`);
    expect(pageBytes(long, [], PROTOCOL_VERSION)).toBeNull();
    const fits = long.slice(0, 10);
    expect(pageBytes(fits, [], PROTOCOL_VERSION)?.length).toBeLessThanOrEqual(ANSWER_CHUNK_BYTES);
  });
});

describe("writeHeadAndPage", () => {
  it("answers the head and the page as one JSON body", async () => {
    const page = pageBytes(EVENTS, CARDS, PROTOCOL_VERSION) as Buffer;
    const head = syncAnswerHead(fields(250));
    const server = createServer((_, outgoing) => writeHeadAndPage(outgoing, head, page));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const { port } = server.address() as AddressInfo;
      const reply = await fetch(`http://127.0.0.1:${port}/`);
      const bytes = Buffer.from(await reply.arrayBuffer());
      expect(reply.headers.get("content-type")).toBe("application/json");
      expect(Number(reply.headers.get("content-length"))).toBe(bytes.length);
      const answer = { ...fields(250), events: EVENTS, cards: CARDS };
      expect(bytes.toString()).toBe(syncAnswerJson(answer, PROTOCOL_VERSION));
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
