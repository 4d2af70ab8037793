import { CHANNELS, parseEvent } from "@stamp/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastStamp, parsePushedEvent } from "./pushed-stamp";

const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: length, maxLength: length });
const uuidV4 = fc.uuid({ version: 4 });
const uuidV7 = fc
  .tuple(hex(8), hex(4), hex(3), fc.constantFrom("8", "9", "a", "b"), hex(3), hex(12))
  .map(([a, b, c, variant, d, e]) => `${a}-${b}-7${c}-${variant}${d}-${e}`);
const hlc = fc
  .tuple(
    fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
    fc.integer({ min: 0, max: 0xffff }),
    hex(16),
  )
  .map(
    ([ms, counter, node]) =>
      `${new Date(ms).toISOString()}-${counter.toString(16).padStart(4, "0")}-${node}`,
  );

/** A field's value: one that is valid, or one near it (boundaries, wrong case, wrong type). */
const either = <T>(valid: fc.Arbitrary<T>, near: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: near });
/** Whole numbers in the range and at its ends, just outside them, and near misses. */
const int = (min: number, max: number) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min, max: Math.min(max, min + 2000) }) },
    { weight: 4, arbitrary: fc.constantFrom(min - 1, min, max, max + 1) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.constantFrom(min + 0.5, -0, Number.NaN, Infinity, `${min}`, null),
        fc.double(),
      ),
    },
  );
const uuidField = either(
  uuidV4,
  fc.oneof(
    uuidV4.map((u) => u.toUpperCase()),
    fc.string(),
  ),
);

/** Stamps as a till sends them, and near misses: fields wrong, missing, unknown, out of order. */
const pushed = fc
  .record(
    {
      id: either(
        uuidV7,
        fc.oneof(
          uuidV4,
          uuidV7.map((u) => u.toUpperCase()),
          fc.integer(),
        ),
      ),
      v: either(fc.constant(1), fc.constantFrom(2, "1", 0, true)),
      hlc: either(
        hlc,
        fc.oneof(
          fc.string(),
          hlc.map((h) => h.replace("T", " ")),
        ),
      ),
      deviceId: uuidField,
      merchantId: uuidField,
      programId: uuidField,
      cardId: uuidField,
      staffId: uuidField,
      type: either(fc.constant("stamps.added"), fc.constantFrom("stamps.revoked", "x", 1)),
      count: int(1, 1000),
      channel: either(fc.constantFrom(...CHANNELS), fc.constantFrom("Staff", "web", "", 3)),
      amount: int(0, Number.MAX_SAFE_INTEGER),
      currency: either(fc.constantFrom("EUR", "USD"), fc.constantFrom("eur", "EURO", "", 978)),
      orderRef: fc.constantFrom("A-1", " A-1 ", ""),
      programVersion: int(1, Number.MAX_SAFE_INTEGER),
      extra: fc.anything(),
      __proto__: fc.constant({}),
    },
    { requiredKeys: ["id", "v", "hlc", "deviceId", "merchantId", "programId", "cardId", "type"] },
  )
  .chain((event) =>
    // As JSON.parse gives it, the fields in any order.
    fc
      .shuffledSubarray(Object.keys(event), { minLength: Object.keys(event).length })
      .map((order) =>
        JSON.parse(
          `{${order.map((key) => `${JSON.stringify(key)}:${JSON.stringify(event[key as keyof typeof event]) ?? "null"}`).join(",")}}`,
        ),
      ),
  );

describe("fastStamp", () => {
  it("gives what the schema gives, as the same text, for every stamp it takes", () => {
    fc.assert(
      fc.property(pushed, (input) => {
        const fast = fastStamp(input);
        const schema = parseEvent(input);
        if (fast === null) return;
        expect(schema.ok).toBe(true);
        if (!schema.ok) return;
        expect(fast).toStrictEqual(schema.value);
        expect(Object.keys(fast)).toEqual(Object.keys(schema.value));
        expect(JSON.stringify(fast)).toBe(JSON.stringify(schema.value));
      }),
      { numRuns: 3000 },
    );
  });

  it("takes every stamp the schema takes but one with an order reference (the schema trims it)", () => {
    fc.assert(
      fc.property(pushed, (input) => {
        const schema = parseEvent(input);
        const taken = schema.ok && schema.value.type === "stamps.added" && !("orderRef" in input);
        expect(fastStamp(input) !== null).toBe(taken);
      }),
      { numRuns: 3000 },
    );
  });

  it("leaves what is not a plain object to the schema, and its issues with it", () => {
    for (const input of [null, 1, "stamp", [], Object.create(null)]) {
      expect(fastStamp(input)).toBeNull();
      expect(parsePushedEvent(input)).toEqual(parseEvent(input));
    }
  });
});
