export type RejectReason = "too-short" | "too-slow";

/** What the wedge listener reports at the end of each burst of characters. */
export type WedgeEvent =
  | {
      readonly kind: "scan";
      /** The code as a US keyboard types it, prefix and suffix removed. */
      readonly code: string;
      /** Mean gap between the burst's characters (prefix included). */
      readonly msPerChar: number;
      /** From the first character's keydown to the last one's. */
      readonly durationMs: number;
      /** Keydown times of the characters; feed them to `calibrate`. */
      readonly keyTimes: readonly number[];
    }
  | {
      /**
       * The burst so far would be a scan and holds a whole code (the listener's `isComplete`):
       * check it now, act on it only at its `scan` event. More keys may follow — a longer code, or
       * a person typing on — and the scan then names another code, or none comes at all.
       */
      readonly kind: "complete";
      readonly code: string;
    }
  | { readonly kind: "duplicate"; readonly code: string }
  | {
      readonly kind: "rejected";
      readonly reason: RejectReason;
      /**
       * The burst as decoded, for diagnostics only: it is often what a person typed into a field,
       * a PIN included, so show it transiently and never store or sync it.
       */
      readonly text: string;
    };
