import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener, type HttpBindings } from "@hono/node-server";
import { STAFF_PROTOCOL, type SyncAnswerBody, syncAnswerParts } from "@stamp/wire-protocol";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { syncAnswer } from "./shared-answer-tail";
import { STRING_BODY_LIMIT } from "./utf8-body";

/** An event a kiosk from before STAFF_PROTOCOL reads without its staffId; one with a multi-byte name. */
const EVENTS = [
  '{"id":"e1","staffId":"s1","type":"card.note","text":"Café ☕"}',
  '{"id":"e2","type":"stamps.added","count":2}',
];
type Cards = SyncAnswerBody["cards"];
const NONE: Cards = [];
const CARDS: Cards = [{ cardId: "c1", at: 7, snapshot: null, tail: ['{"id":"e3","type":"x"}'] }];

const answerOf = (fields: Partial<SyncAnswerBody>, events = EVENTS, cards: Cards = CARDS) =>
  ({
    accepted: [],
    duplicates: [],
    rejected: [],
    cursor: "7",
    more: false,
    serverTime: "2026-12-07T03:00:00.000Z",
    ...fields,
    events,
    cards,
  }) as SyncAnswerBody;

/** Answers each answer in turn with `syncAnswer`, for the peer it names; resolves to the bodies. */
async function written(answers: readonly { answer: SyncAnswerBody; peer: number }[]) {
  let next = 0;
  const app = new Hono<{ Bindings: HttpBindings }>().get("/", (c) => {
    const { answer, peer } = answers[next++] as (typeof answers)[number];
    c.env.outgoing.setHeader("x-content-type-options", "nosniff");
    return syncAnswer(c, answer, peer);
  });
  const server = createServer(getRequestListener(app.fetch)).listen(0, "127.0.0.1");
  await once(server, "listening");
  try {
    const { port } = server.address() as AddressInfo;
    const bodies: Buffer[] = [];
    for (const _ of answers) {
      const reply = await fetch(`http://127.0.0.1:${port}/`);
      const bytes = Buffer.from(await reply.arrayBuffer());
      expect(reply.status).toBe(200);
      expect(reply.headers.get("content-type")).toBe("application/json");
      expect(reply.headers.get("x-content-type-options")).toBe("nosniff");
      expect(Number(reply.headers.get("content-length"))).toBe(bytes.length);
      bodies.push(bytes);
    }
    return bodies;
  } finally {
    server.close();
    await once(server, "close");
  }
}

const expected = ({ answer, peer }: { answer: SyncAnswerBody; peer: number }) =>
  Buffer.from(syncAnswerParts(answer, peer).join(""), "utf8");

describe("syncAnswer", () => {
  it("answers each till its own fields with the lists it shares, as the peer reads them", async () => {
    const otherCards: Cards = CARDS?.map((card) => ({ ...card, at: 9 }));
    const answers = [
      { answer: answerOf({ waitAfterMs: 10 }), peer: 5 },
      // The same lists: its own fields (another till, a moment later).
      { answer: answerOf({ waitAfterMs: 320, serverTime: "2026-12-07T03:00:00.004Z" }), peer: 5 },
      // The same events with other cards, or none, or for a peer from before staff ids (none but on stamps).
      { answer: answerOf({}, EVENTS, otherCards), peer: 5 },
      { answer: answerOf({}, EVENTS, NONE), peer: 5 },
      { answer: answerOf({}, EVENTS, NONE), peer: STAFF_PROTOCOL - 1 },
      { answer: answerOf({ more: true }), peer: 5 },
    ];
    const bodies = await written(answers);
    answers.forEach((answer, i) => {
      expect((bodies[i] as Buffer).equals(expected(answer))).toBe(true);
    });
    expect(bodies[4]?.toString()).not.toContain('"staffId"');
  });

  it("writes an answer longer than STRING_BODY_LIMIT whole", async () => {
    const events = Array.from({ length: 2_000 }, (_, i) => `{"id":"e${i}","note":"Café ☕ ${i}"}`);
    const long = { answer: answerOf({}, events, []), peer: 5 };
    expect(expected(long).length).toBeGreaterThan(STRING_BODY_LIMIT);
    const [body] = await written([long, long]);
    expect(body?.equals(expected(long))).toBe(true);
  });
});
