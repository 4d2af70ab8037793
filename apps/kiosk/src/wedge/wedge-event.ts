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
