import { describe, expect, it } from "vitest";
import { keptWrites, LogWrites, WRITES_KEPT } from "./log-writes";

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

  it("learns the cards of the writes it missed from the clock row's last writes, once", () => {
    const writes = new LogWrites(2);
    writes.heard(4);
    const recent = [
      { write: 2, cards: ["a"] },
      { write: 3, cards: ["b", "c"] },
      { write: 4, cards: ["d"] },
    ];
    expect(writes.learn(recent)).toEqual(["b", "c"]);
    expect(writes.upTo).toBe(4);
    expect(writes.learn(recent)).toEqual([]);
  });

  it("keeps the last writes, a bounded number of them", () => {
    let recent = keptWrites([], { write: 1, cards: ["a"] });
    for (let write = 2; write <= WRITES_KEPT + 5; write++)
      recent = keptWrites(recent, { write, cards: ["a"] });
    expect(recent.map((r) => r.write)).toEqual(
      Array.from({ length: WRITES_KEPT }, (_, i) => i + 6),
    );
  });
});
