import { describe, expect, it } from "vitest";
import { CheckAhead } from "./check-ahead";

/** A check whose answers the test gives, one per call, in the order the calls came. */
function controlledCheck() {
  const calls: { code: string; answer: (ok: boolean) => void }[] = [];
  const check = (code: string) =>
    new Promise<string>((resolve, reject) => {
      calls.push({
        code,
        answer: (ok) => (ok ? resolve(`checked ${code}`) : reject(new Error(`failed ${code}`))),
      });
    });
  return { calls, check };
}

describe("CheckAhead", () => {
  it("hands the scan the check started at the whole code, done before the suffix", async () => {
    const { calls, check } = controlledCheck();
    const ahead = new CheckAhead(check);
    ahead.start("A");
    calls[0]?.answer(true);
    await expect(ahead.take("A")).resolves.toBe("checked A");
    expect(calls.map((c) => c.code)).toEqual(["A"]);
  });

  it("hands on a check still in flight at the scan without starting another", async () => {
    const { calls, check } = controlledCheck();
    const ahead = new CheckAhead(check);
    ahead.start("A");
    const taken = ahead.take("A");
    calls[0]?.answer(true);
    await expect(taken).resolves.toBe("checked A");
    expect(calls).toHaveLength(1);
  });

  it("checks again at the scan when the check ahead failed", async () => {
    const { calls, check } = controlledCheck();
    const ahead = new CheckAhead(check);
    ahead.start("A");
    calls[0]?.answer(false);
    const taken = ahead.take("A");
    await Promise.resolve();
    await Promise.resolve();
    expect(calls.map((c) => c.code)).toEqual(["A", "A"]);
    calls[1]?.answer(true);
    await expect(taken).resolves.toBe("checked A");
  });

  it("checks the scanned code when more keys came after the whole code", async () => {
    const { calls, check } = controlledCheck();
    const ahead = new CheckAhead(check);
    ahead.start("A");
    ahead.start("A.T1");
    const taken = ahead.take("A.T1x");
    expect(calls.map((c) => c.code)).toEqual(["A", "A.T1", "A.T1x"]);
    for (const call of calls) call.answer(true);
    await expect(taken).resolves.toBe("checked A.T1x");
  });

  it("hands a check on once: a second scan of the code checks it anew", async () => {
    const { calls, check } = controlledCheck();
    const ahead = new CheckAhead(check);
    ahead.start("A");
    ahead.start("A");
    const first = ahead.take("A");
    const second = ahead.take("A");
    expect(calls.map((c) => c.code)).toEqual(["A", "A"]);
    for (const call of calls) call.answer(true);
    await expect(Promise.all([first, second])).resolves.toEqual(["checked A", "checked A"]);
  });

  it("keeps two codes back to back apart, each scan with its own check", async () => {
    const { calls, check } = controlledCheck();
    const ahead = new CheckAhead(check);
    ahead.start("A");
    const a = ahead.take("A");
    ahead.start("B");
    const b = ahead.take("B");
    expect(calls.map((c) => c.code)).toEqual(["A", "B"]);
    calls[1]?.answer(true);
    calls[0]?.answer(true);
    await expect(Promise.all([a, b])).resolves.toEqual(["checked A", "checked B"]);
  });

  it("leaves a started check's failure unhandled nowhere when no scan comes", async () => {
    const { calls, check } = controlledCheck();
    const ahead = new CheckAhead(check);
    ahead.start("A");
    ahead.start("B");
    calls[0]?.answer(false);
    // Vitest fails the run on an unhandled rejection; the scan of B still gets B's check.
    const taken = ahead.take("B");
    calls[1]?.answer(true);
    await expect(taken).resolves.toBe("checked B");
  });
});
