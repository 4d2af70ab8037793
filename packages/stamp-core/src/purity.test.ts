import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// P0: the domain runs unchanged on a tablet and on the server, so it may not reach for I/O,
// a clock or randomness. Biome and the no-DOM, no-Node tsconfig catch most of this; this test
// also catches what they cannot see (member access such as Date.now, dynamic import).
const SOURCE_DIR = join(import.meta.dirname);
const FORBIDDEN: [RegExp, string][] = [
  [
    /from\s+["'](node:[a-z_/]+|fs|path|os|crypto|http|https|net|child_process|worker_threads)["'/]/,
    "Node module",
  ],
  [/from\s+["'](dexie|better-sqlite3|drizzle-orm|hono|react|react-dom)["'/]/, "I/O or UI library"],
  [/\bimport\s*\(/, "dynamic import"],
  [/\bDate\b/, "Date (time is handed in)"],
  [/\bMath\.random\b/, "Math.random (randomness is handed in)"],
  [/\bperformance\b/, "performance clock"],
  [/\b(fetch|XMLHttpRequest|WebSocket)\b/, "network"],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask)\b/, "timers"],
  [/\b(window|document|navigator|localStorage|indexedDB)\b/, "DOM"],
  [/\b(process|require|Buffer)\b/, "Node global"],
  [/\bglobalThis\b/, "global object (hand dependencies in)"],
  [/\bcrypto\.(getRandomValues|randomUUID)\b/, "randomness"],
];

function productFiles(): string[] {
  return readdirSync(SOURCE_DIR, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.startsWith("testing"))
    .map((f) => join(SOURCE_DIR, f));
}

/** Strips comments so that prose about "Date" or "window" does not trip the scan. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
}

describe("purity", () => {
  it("P0: stamp-core source uses no I/O, clock, timers, DOM, Node or randomness", () => {
    const files = productFiles();
    expect(files.length).toBeGreaterThan(10);
    const offences = files.flatMap((file) => {
      const text = code(readFileSync(file, "utf8"));
      return FORBIDDEN.filter(([pattern]) => pattern.test(text)).map(
        ([, what]) => `${file}: ${what}`,
      );
    });
    expect(offences).toEqual([]);
  });

  it("P0: the scan catches a forbidden use", () => {
    expect(FORBIDDEN.some(([pattern]) => pattern.test("const t = Date.now();"))).toBe(true);
    expect(FORBIDDEN.some(([pattern]) => pattern.test('import { readFile } from "node:fs";'))).toBe(
      true,
    );
  });
});
