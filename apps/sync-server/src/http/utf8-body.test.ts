import { describe, expect, it } from "vitest";
import { answerBody, STRING_BODY_LIMIT, UTF8_BODY_CHUNK, utf8Body } from "./utf8-body";

describe("utf8Body", () => {
  it("is the UTF-8 of the parts joined, across chunk boundaries and multi-byte characters", () => {
    const parts = Array.from(
      { length: 3_000 },
      (_, i) => `{"n":${i},"name":"Café ☕ ${"x".repeat(i % 50)}"}`,
    );
    const body = utf8Body(parts);
    expect(body.length).toBeGreaterThan(4 * UTF8_BODY_CHUNK);
    expect(body.equals(Buffer.from(parts.join(""), "utf8"))).toBe(true);
  });

  it("encodes one part, a part longer than a chunk, and none", () => {
    const long = "é".repeat(UTF8_BODY_CHUNK * 2);
    for (const parts of [["{}"], ["[", long, "]"], []])
      expect(utf8Body(parts).toString("utf8")).toBe(parts.join(""));
  });

  it("answers a small body as its string and a large one as its bytes", () => {
    const small = ["{", '"a":"ä"', "}"];
    expect(answerBody(small)).toBe(small.join(""));
    const large = ["[", "ö".repeat(STRING_BODY_LIMIT), "]"];
    const body = answerBody(large);
    expect(Buffer.isBuffer(body)).toBe(true);
    expect((body as Buffer).toString("utf8")).toBe(large.join(""));
  });
});
