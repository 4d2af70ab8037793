import { PROTOCOL_HEADER } from "@stamp/wire-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, enroll, KIOSK_PROTOCOL, TestDevice } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { CARD_HISTORY_PAGE, cardHistoryStream } from "./card-history-stream";

/** A stored history of `n` events, and a page reader over it that counts its reads. */
function history(n: number) {
  const rows = Array.from({ length: n }, (_, i) => ({
    seq: 10 + i * 2,
    body: JSON.stringify({ id: `e${i}`, type: "stamps.added" }),
  }));
  const reads: number[] = [];
  const readPage = async (after: number) => {
    reads.push(after);
    return rows.filter((row) => row.seq > after).slice(0, CARD_HISTORY_PAGE);
  };
  return { rows, reads, readPage };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("a card's history streamed to a till of protocol < 5", () => {
  it("reads a page only when the one before was taken: one page ahead of the client at most", async () => {
    const { reads, readPage } = history(3 * CARD_HISTORY_PAGE + 500);
    const reader = cardHistoryStream("card-1", KIOSK_PROTOCOL, readPage).getReader();
    const head = await reader.read();
    expect(new TextDecoder().decode(head.value)).toBe('{"cardId":"card-1","events":[');
    for (let taken = 1; taken <= 3; taken++) {
      await reader.read();
      expect(reads.length).toBeGreaterThanOrEqual(taken);
      expect(reads.length).toBeLessThanOrEqual(taken + 1);
    }
    await reader.cancel();
    expect(reads.slice(0, 2)).toEqual([0, 10 + (CARD_HISTORY_PAGE - 1) * 2]);
  });

  it("answers the bytes a whole answer had, whether the last page is full or not", async () => {
    for (const n of [0, 3, CARD_HISTORY_PAGE, 2 * CARD_HISTORY_PAGE + 1]) {
      const { rows, readPage } = history(n);
      const text = await readAll(cardHistoryStream("card-1", KIOSK_PROTOCOL, readPage));
      expect(text).toBe(`{"cardId":"card-1","events":[${rows.map((r) => r.body).join(",")}]}`);
    }
  });
});

describe.each(DATABASES)("the card fetch of a till of protocol < 5 (%s)", (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database });
  });
  afterAll(() => server.close());

  it("streams a card of thousands of events whole, in log order", async () => {
    const { seed } = server;
    const card = await enroll(server, await apiKey(server, seed), seed.programId);
    const till = await TestDevice.pair(server, seed, "staff");
    const start = Date.now() - 3_000_000;
    for (let batch = 0; batch < 3; batch++) {
      const stamps = Array.from({ length: 1_000 }, (_, i) =>
        till.stamp(card.cardId, 1, "staff", start + (batch * 1_000 + i) * 1_000),
      );
      expect((await till.sync(stamps)).json.accepted).toHaveLength(1_000);
    }
    const response = await fetch(`${server.url}/api/v1/sync/cards/${card.cardId}`, {
      headers: {
        authorization: `Bearer ${till.token}`,
        [PROTOCOL_HEADER]: String(KIOSK_PROTOCOL),
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    // Streamed: no length known up front.
    expect(response.headers.get("content-length")).toBeNull();
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    const answer = (await response.json()) as { cardId: string; events: unknown[] };
    const stored = await server.services.store.cardHistory(seed.merchantId, card.cardId);
    expect(stored).toHaveLength(3_001);
    expect(answer.cardId).toBe(card.cardId);
    expect(answer.events).toEqual(stored.map((logged) => logged.event));
  });
});
