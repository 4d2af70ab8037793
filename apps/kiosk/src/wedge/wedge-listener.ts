import {
  type CompleteCodeTest,
  type KeydownRecord,
  WedgeDetector,
  type WedgeEffects,
} from "./wedge-detector";
import type { WedgeEvent } from "./wedge-event";
import type { WedgeOptions } from "./wedge-options";

function toRecord(event: KeyboardEvent): KeydownRecord {
  return {
    code: event.code,
    key: event.key,
    shiftKey: event.shiftKey,
    capsLock: event.getModifierState("CapsLock"),
    ctrlKey: event.ctrlKey,
    altKey: event.altKey,
    metaKey: event.metaKey,
    repeat: event.repeat,
    timeStamp: event.timeStamp,
  };
}

/**
 * Listens for keyboard-wedge scans on `target` (normally `window`: no input needs focus) and
 * reports every ended burst to `onEvent`, and with `isComplete` every burst that holds a whole code
 * before its suffix (`complete`). Returns `detach`.
 *
 * Keydowns are read in the capture phase, before any field or app handler sees them; those that
 * may belong to a scan are cancelled there, and given back to the focused field if they do not.
 */
export function attachWedge(
  target: Window | HTMLElement,
  options: Partial<WedgeOptions>,
  onEvent: (event: WedgeEvent) => void,
  isComplete?: CompleteCodeTest,
): () => void {
  const detector = new WedgeDetector(options, isComplete);
  const doc = "document" in target ? target.document : target.ownerDocument;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const release = (text: string): void => {
    // execCommand types exactly as the keyboard would have: at the caret, over a selection, within
    // maxlength, with beforeinput/input events (React's onChange) and an undo step. It is
    // deprecated without a replacement; with no editable element focused it does nothing, which
    // is also what those keystrokes would have done.
    if (text !== "") doc.execCommand("insertText", false, text);
  };

  const schedule = (): void => {
    clearTimeout(timer);
    const deadline = detector.nextDeadline();
    timer =
      deadline === null ? undefined : setTimeout(flush, Math.max(0, deadline - performance.now()));
  };

  const apply = (effects: WedgeEffects): void => {
    release(effects.release);
    // Rescheduled before the app runs: a throwing handler must not leave keystrokes held forever.
    schedule();
    for (const event of effects.events) {
      try {
        onEvent(event);
      } catch (error) {
        reportError(error);
      }
    }
  };

  // A timer that fires a little early finds the burst still open and is simply scheduled again.
  const flush = (): void => apply(detector.flush(performance.now()));

  const onKeyDown = (event: KeyboardEvent): void => {
    const verdict = detector.keydown(toRecord(event));
    if (verdict.swallow) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
    apply(verdict);
  };

  // Window and HTMLElement share these typed signatures, which their union alone does not offer.
  const events: GlobalEventHandlers = target;
  events.addEventListener("keydown", onKeyDown, { capture: true });
  return () => {
    events.removeEventListener("keydown", onKeyDown, { capture: true });
    clearTimeout(timer);
    // Held keystrokes are ended now: a person's are given back, a complete scan is dropped with
    // its event (nobody listens any more).
    release(detector.flush(Number.POSITIVE_INFINITY).release);
  };
}
