import { once } from "node:events";
import { createServer, type ServerResponse } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { ANSWER_CHUNK_BYTES, jsonBody, partsLength, writeJsonParts } from "./utf8-body";

/** Parts of every length up to 49 characters, some multi-byte, ~150 kB in all. */
const PARTS = Array.from(
  { length: 3_000 },
  (_, i) => `{"n":${i},"name":"Café ☕ ${"x".repeat(i % 50)}"}`,
);

/**
 * A server answering every request with `parts` (`writeJsonParts`, or `write`); `seen` gets each
 * response first.
 */
async function partsServer(
  parts: readonly string[],
  seen: (outgoing: ServerResponse) => void,
  write = writeJsonParts,
) {
  const server = createServer((_, outgoing) => {
    outgoing.setHeader("x-content-type-options", "nosniff");
    seen(outgoing);
    write(outgoing, parts);
  }).listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

async function expectWhole(url: string, parts: readonly string[]) {
  const reply = await fetch(url);
  const bytes = Buffer.from(await reply.arrayBuffer());
  expect(reply.status).toBe(200);
  expect(reply.headers.get("content-type")).toBe("application/json");
  expect(reply.headers.get("x-content-type-options")).toBe("nosniff");
  expect(Number(reply.headers.get("content-length"))).toBe(bytes.length);
  expect(bytes.equals(Buffer.from(parts.join(""), "utf8"))).toBe(true);
}

/** A server answering `parts` answers them whole. */
async function answeredWhole(parts: readonly string[], write = writeJsonParts) {
  const server = await partsServer(parts, () => {}, write);
  try {
    await expectWhole(server.url, parts);
  } finally {
    await server.close();
  }
}

describe("jsonBody", () => {
  it("sends an answer as one string when its bytes fit in one chunk, whatever its characters", () => {
    const short = ["[", '"x"', "]"];
    expect(jsonBody(short)).toEqual({ kind: "string", text: '["x"]' });
    // Fewer characters than a chunk has bytes, more bytes: chunks, measured in bytes.
    const wide = [`"${"é".repeat(ANSWER_CHUNK_BYTES / 2)}"`];
    expect(partsLength(wide)).toBeLessThan(ANSWER_CHUNK_BYTES);
    expect(jsonBody(wide)).toEqual({
      kind: "chunks",
      parts: wide,
      bytes: Buffer.byteLength(wide[0] as string),
    });
    const full = [`"${"x".repeat(ANSWER_CHUNK_BYTES - 2)}"`];
    expect(jsonBody(full)).toEqual({ kind: "string", text: full[0] });
    expect(jsonBody([...full, " "]).kind).toBe("chunks");
  });
});

describe("writeJsonParts", () => {
  it("answers the parts joined, byte for byte, with their length in bytes", async () => {
    expect(partsLength(PARTS)).toBeGreaterThan(ANSWER_CHUNK_BYTES);
    await answeredWhole(PARTS);
    // An answer within one chunk too (a held pull's).
    await answeredWhole(PARTS.slice(0, 10));
  });

  it("writes a multi-byte part longer than a chunk whole, between parts encoded in chunks", async () => {
    const parts = [
      "[",
      `"${"é".repeat(ANSWER_CHUNK_BYTES)}"`,
      ",",
      '"☕"',
      ...PARTS.slice(0, 500),
      "]",
    ];
    await answeredWhole(parts);
  });

  it("hands the socket the next chunk only once it has taken the last", async () => {
    // ~8 MB, far more than a loopback socket takes before its reader reads.
    const parts = Array.from({ length: 8_000 }, (_, i) => `"${i} ${"x".repeat(1_000)}"`);
    const waiting: number[] = [];
    const server = await partsServer(parts, (outgoing) => {
      const write = outgoing.write;
      // What the socket still holds of earlier writes as each write is made.
      vi.spyOn(outgoing, "write").mockImplementation((...args: Parameters<typeof write>) => {
        waiting.push(outgoing.socket?.writableLength ?? 0);
        return write.apply(outgoing, args);
      });
    });
    try {
      await expectWhole(server.url, parts);
      // A write a chunk (the last one ends the answer), each made with the socket's hands empty.
      expect(waiting.length).toBeGreaterThanOrEqual(partsLength(parts) / ANSWER_CHUNK_BYTES - 1);
      expect(Math.max(...waiting)).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("stops writing when its reader goes away", async () => {
    const parts = Array.from({ length: 8_000 }, (_, i) => `"${i} ${"x".repeat(1_000)}"`);
    const closed: Promise<unknown>[] = [];
    const server = await partsServer(parts, (outgoing) => closed.push(once(outgoing, "close")));
    const socket = connect(server.port, "127.0.0.1");
    try {
      socket.write("GET / HTTP/1.1\r\nhost: x\r\n\r\n");
      await once(socket, "data");
      socket.destroy();
      await expect.poll(() => closed.length).toBe(1);
      await closed[0];
    } finally {
      await server.close();
    }
  });
});
