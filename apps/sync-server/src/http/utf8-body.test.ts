import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  partsLength,
  STRING_BODY_LIMIT,
  UTF8_BODY_CHUNK,
  utf8Chunks,
  writeJsonParts,
} from "./utf8-body";

/** Parts of every length up to 49 characters, some multi-byte, ~150 kB in all. */
const PARTS = Array.from(
  { length: 3_000 },
  (_, i) => `{"n":${i},"name":"Café ☕ ${"x".repeat(i % 50)}"}`,
);

describe("utf8Chunks", () => {
  it("joins the parts into chunks of about UTF8_BODY_CHUNK characters that make the whole", () => {
    const chunks = utf8Chunks(PARTS);
    expect(chunks.join("")).toBe(PARTS.join(""));
    expect(chunks.length).toBeGreaterThan(4);
    for (const chunk of chunks.slice(0, -1))
      expect(chunk.length).toBeGreaterThanOrEqual(UTF8_BODY_CHUNK);
    expect(partsLength(PARTS)).toBe(PARTS.join("").length);
  });

  it("keeps a part longer than a chunk whole, and makes nothing of none", () => {
    const long = "é".repeat(UTF8_BODY_CHUNK * 2);
    expect(utf8Chunks(["[", long, "]"]).join("")).toBe(`[${long}]`);
    expect(utf8Chunks([])).toEqual([]);
  });
});

describe("writeJsonParts", () => {
  it("answers the parts joined, byte for byte, with their length in bytes", async () => {
    expect(partsLength(PARTS)).toBeGreaterThan(STRING_BODY_LIMIT);
    const server = createServer((_, outgoing) => {
      outgoing.setHeader("x-content-type-options", "nosniff");
      writeJsonParts(outgoing, PARTS);
    }).listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const { port } = server.address() as AddressInfo;
      const reply = await fetch(`http://127.0.0.1:${port}/`);
      const bytes = Buffer.from(await reply.arrayBuffer());
      expect(reply.status).toBe(200);
      expect(reply.headers.get("content-type")).toBe("application/json");
      expect(reply.headers.get("x-content-type-options")).toBe("nosniff");
      expect(Number(reply.headers.get("content-length"))).toBe(bytes.length);
      expect(bytes.equals(Buffer.from(PARTS.join(""), "utf8"))).toBe(true);
    } finally {
      server.close();
      await once(server, "close");
    }
  });
});
