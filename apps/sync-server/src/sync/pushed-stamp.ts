import {
  CHANNELS,
  EVENT_VERSION,
  isHlc,
  type Parsed,
  parseEvent,
  type StampEvent,
  StampEventSchema,
  type StampsAddedEvent,
  UUID_ANY,
  UUID_V7,
} from "@stamp/core";

/**
 * The schema of a stamp (stamp-core `events.ts`): its fields' order and which are optional are
 * read from it, so the one definition of the protocol stays the schema.
 */
const SCHEMA = StampEventSchema.options.find(
  (option) => option.entries.type.literal === "stamps.added",
) as (typeof StampEventSchema.options)[number];
const FIELDS = Object.keys(SCHEMA.entries);
const OPTIONAL = new Set(
  FIELDS.filter(
    (field) => (SCHEMA.entries as Record<string, { type: string }>)[field]?.type === "optional",
  ),
);

type Check = (value: unknown) => boolean;
const uuid: Check = (value) => typeof value === "string" && UUID_ANY.test(value);
const intIn =
  (min: number, max: number): Check =>
  (value) =>
    typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
const CURRENCY = /^[A-Z]{3}$/;

/**
 * What the schema asks of each field it leaves as it came. `orderRef` is not here: the schema
 * trims it, so an event with one takes the schema's own path.
 */
const CHECKS: Readonly<Record<string, Check>> = {
  id: (value) => typeof value === "string" && UUID_V7.test(value),
  v: (value) => value === EVENT_VERSION,
  hlc: (value) => typeof value === "string" && isHlc(value),
  deviceId: uuid,
  merchantId: uuid,
  programId: uuid,
  cardId: uuid,
  staffId: uuid,
  type: (value) => value === "stamps.added",
  count: intIn(1, 1000),
  channel: (value) => (CHANNELS as readonly unknown[]).includes(value),
  amount: intIn(0, Number.MAX_SAFE_INTEGER),
  currency: (value) => typeof value === "string" && CURRENCY.test(value),
  programVersion: intIn(1, Number.MAX_SAFE_INTEGER),
};

/**
 * A pushed stamp as the schema would give it, or null when this path cannot tell (anything but a
 * valid stamp without `orderRef`). Nearly every pushed event is a till's stamp: valibot made an
 * object per field checked (~1 kB an event, issue 13 §4), here only the event is made, its fields
 * in the schema's order, so it is stored as the same text. `pushed-stamp.test.ts` proves the two
 * equal on the schema itself.
 */
export function fastStamp(input: unknown): StampsAddedEvent | null {
  if (typeof input !== "object" || input === null) return null;
  if (Object.getPrototypeOf(input) !== Object.prototype) return null;
  const fields = input as Record<string, unknown>;
  const event: Record<string, unknown> = {};
  let given = 0;
  for (const field of FIELDS) {
    if (!(field in fields)) {
      if (OPTIONAL.has(field)) continue;
      return null;
    }
    const check = CHECKS[field];
    const value = fields[field];
    if (check === undefined || !check(value)) return null;
    event[field] = value;
    given++;
  }
  // A field the schema does not know is refused by it, with its own message.
  let keys = 0;
  for (const _ in fields) keys++;
  if (keys !== given) return null;
  if ("amount" in event !== "currency" in event) return null;
  return event as StampsAddedEvent;
}

/** A pushed event parsed as the schema parses it (`parseEvent`), a till's stamp by `fastStamp`. */
export function parsePushedEvent(input: unknown): Parsed<StampEvent> {
  const stamp = fastStamp(input);
  return stamp ? { ok: true, value: stamp } : parseEvent(input);
}
