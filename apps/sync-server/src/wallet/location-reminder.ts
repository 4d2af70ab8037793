import { isPlainText } from "@stamp/core";
import { type Coordinates, parseCoordinates } from "./location-coordinates";

/** What a location adds to the passes: where it is, and optionally what the lock screen says there. */
export interface LocationReminder {
  readonly coordinates: Coordinates | null;
  readonly relevantText: string | null;
}

export type ReminderField = "latitude" | "longitude" | "relevantText";

export type LocationReminderInput =
  | { readonly ok: true; readonly reminder: LocationReminder }
  | { readonly ok: false; readonly invalid: readonly ReminderField[] };

/** Apple shows the text on one lock-screen line; longer ones are cut off. */
export const MAX_RELEVANT_TEXT = 80;

/**
 * A location's wallet reminder from the admin form. The text is optional (the program's "Show your
 * card at …" stands in), and refused without a position: Wallet only shows it near one.
 */
export function parseLocationReminder(fields: {
  latitude: string;
  longitude: string;
  relevantText: string;
}): LocationReminderInput {
  const parsed = parseCoordinates(fields.latitude, fields.longitude);
  const text = fields.relevantText.trim();
  const textWrong =
    text.length > MAX_RELEVANT_TEXT ||
    !isPlainText(text) ||
    (text !== "" && parsed.ok && !parsed.coordinates);
  if (!parsed.ok || textWrong)
    return {
      ok: false,
      invalid: [
        ...(parsed.ok ? [] : parsed.invalid),
        ...(textWrong ? ["relevantText" as const] : []),
      ],
    };
  return { ok: true, reminder: { coordinates: parsed.coordinates, relevantText: text || null } };
}
