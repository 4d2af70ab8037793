import { type Parsed, parseEvent, type StampEvent } from "@stamp/core";

/**
 * Events of an answer, checked one by one: one this version cannot read fails them all (nothing is
 * stored). Those whose ids are in `echo` (a device's own pushes coming back) are dropped unread.
 */
export function parseEvents(
  raws: readonly unknown[],
  echo: ReadonlySet<string>,
  path = "events",
): Parsed<readonly StampEvent[]> {
  const events: StampEvent[] = [];
  for (const [index, raw] of raws.entries()) {
    const id = eventId(raw);
    if (id !== null && echo.has(id)) continue;
    const parsed = parseEvent(raw);
    if (!parsed.ok)
      return {
        ok: false,
        issues: parsed.issues.map((issue) => ({
          path: `${path}.${index}${issue.path ? `.${issue.path}` : ""}`,
          message: issue.message,
        })),
      };
    events.push(parsed.value);
  }
  return { ok: true, value: events };
}

function eventId(raw: unknown): string | null {
  if (typeof raw !== "object" || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === "string" ? id : null;
}
