/**
 * The adapter against a stand-in window (Node's EventTarget and a fake document): which events it
 * cancels, what its timer flushes and what it types back. Real Chromium runs it in the e2e suite.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { averageTypistGap, CARD_CODE, keystrokes, usbGap } from "./fixtures";
import type { KeydownRecord } from "./wedge-detector";
import type { WedgeEvent } from "./wedge-event";
import { attachWedge } from "./wedge-listener";

class FakeKeyboardEvent extends Event {
  readonly code: string;
  readonly key: string;
  readonly shiftKey: boolean;
  readonly ctrlKey = false;
  readonly altKey = false;
  readonly metaKey = false;
  readonly repeat: boolean;
  readonly #capsLock: boolean;

  constructor(record: KeydownRecord) {
    super("keydown", { cancelable: true });
    this.code = record.code;
    this.key = record.key;
    this.shiftKey = record.shiftKey;
    this.repeat = record.repeat ?? false;
    this.#capsLock = record.capsLock ?? false;
    Object.defineProperty(this, "timeStamp", { value: record.timeStamp });
  }

  getModifierState(modifier: string): boolean {
    return modifier === "CapsLock" && this.#capsLock;
  }
}

function fakeWindow() {
  const typed: string[] = [];
  const target = Object.assign(new EventTarget(), {
    document: {
      execCommand: (command: string, _ui: boolean, text: string) => {
        if (command === "insertText") typed.push(text);
        return true;
      },
    },
  });
  // The app's own keydown handler, registered after the wedge listener.
  const reachedApp: string[] = [];
  return { target, typed, reachedApp, window: target as unknown as Window };
}

/** Dispatches each keydown when the fake clock reaches its time stamp, as the browser would. */
function play(target: EventTarget, records: readonly KeydownRecord[]): FakeKeyboardEvent[] {
  return records.map((record) => {
    vi.advanceTimersByTime(Math.max(0, record.timeStamp - performance.now()));
    const event = new FakeKeyboardEvent(record);
    target.dispatchEvent(event);
    return event;
  });
}

const starting = (text: string, typing: Parameters<typeof keystrokes>[1]) =>
  keystrokes(text, { start: performance.now() + 1_000, ...typing });

describe("attachWedge", () => {
  let events: WedgeEvent[];
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    events = [];
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("cancels a scan's keys before the app sees them and reports the scan", () => {
    const { target, window, typed, reachedApp } = fakeWindow();
    attachWedge(window, {}, (event) => events.push(event));
    target.addEventListener("keydown", (e) => reachedApp.push((e as FakeKeyboardEvent).key));

    const dispatched = play(target, starting(CARD_CODE, { gap: usbGap, suffix: "Enter" }));
    expect(events).toEqual([expect.objectContaining({ kind: "scan", code: CARD_CODE })]);
    expect(dispatched.filter((e) => e.key !== "Shift").every((e) => e.defaultPrevented)).toBe(true);
    expect(reachedApp.every((key) => key === "Shift")).toBe(true);
    expect(typed).toEqual([]);
  });

  it("reports a whole code at its last key, before the Enter that makes it a scan", () => {
    const { target, window } = fakeWindow();
    attachWedge(
      window,
      {},
      (event) => events.push(event),
      (code) => code === CARD_CODE,
    );
    const records = starting(CARD_CODE, { gap: usbGap, suffix: "Enter" });
    play(target, records.slice(0, -1));
    expect(events).toEqual([{ kind: "complete", code: CARD_CODE }]);
    play(target, records.slice(-1));
    expect(events.map((e) => e.kind)).toEqual(["complete", "scan"]);
  });

  it("ends a code without suffix on its timer", () => {
    const { target, window } = fakeWindow();
    attachWedge(window, {}, (event) => events.push(event));
    play(target, starting(CARD_CODE, { gap: usbGap }));
    expect(events).toEqual([]);
    vi.advanceTimersByTime(199);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual([expect.objectContaining({ kind: "scan", code: CARD_CODE })]);
  });

  it("types a person's held keys back into the focused field, in order", () => {
    const { target, window, typed } = fakeWindow();
    attachWedge(window, {}, (event) => events.push(event));
    play(target, starting("Hi 2", { gap: averageTypistGap, suffix: "Enter" }));
    vi.runAllTimers();
    // "H", "i" and "2" were held and given back; the space was never held; Enter was not a suffix.
    expect(typed).toEqual(["H", "i", "2"]);
    expect(events.map((e) => e.kind)).toEqual(["rejected", "rejected", "rejected"]);
  });

  it("keeps working when the app's handler throws", () => {
    const reportError = vi.fn();
    vi.stubGlobal("reportError", reportError);
    const { target, window, typed } = fakeWindow();
    attachWedge(window, {}, () => {
      throw new Error("app bug");
    });
    play(target, starting("ab", { gap: averageTypistGap }));
    vi.runAllTimers();
    expect(typed).toEqual(["a", "b"]);
    expect(reportError).toHaveBeenCalledTimes(2);
  });

  it("detaches: stops listening and gives back what it still held", () => {
    const { target, window, typed } = fakeWindow();
    const detach = attachWedge(window, {}, (event) => events.push(event));
    const [held] = play(target, starting("x", { gap: usbGap }));
    expect(held?.defaultPrevented).toBe(true);
    detach();
    expect(typed).toEqual(["x"]);
    const [after] = play(target, starting("y", { gap: usbGap }));
    expect(after?.defaultPrevented).toBe(false);
    vi.runAllTimers();
    expect(typed).toEqual(["x"]);
    expect(events).toEqual([]);
  });
});
