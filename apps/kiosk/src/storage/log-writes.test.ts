import { describe, expect, it } from "vitest";
import { LogWrites } from "./log-writes";

describe("LogWrites", () => {
  it("has heard of every write up to a number only once it heard of each before it", () => {
    const writes = new LogWrites(3);
    writes.heard(5);
    writes.heard(2);
    expect(writes.upTo).toBe(3);
    writes.heard(4);
    expect(writes.upTo).toBe(5);
    writes.heard(6);
    expect(writes.upTo).toBe(6);
  });
});
