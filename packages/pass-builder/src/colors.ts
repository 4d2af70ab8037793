import { invalidPassData } from "./errors";

/** Parses `#rrggbb` or `#rgb` into channels, throwing `invalid-pass-data` otherwise. */
function channels(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  const digits = match?.[1];
  if (!digits) throw invalidPassData(`colour "${hex}" is not #rrggbb or #rgb`);
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join("") : digits;
  return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as [
    number,
    number,
    number,
  ];
}

/** Apple wants `rgb(r, g, b)` in pass.json. */
export function hexToAppleRgb(hex: string): string {
  const [r, g, b] = channels(hex);
  return `rgb(${r}, ${g}, ${b})`;
}

/** Normalized `#rrggbb`: Google's `hexBackgroundColor` and the SVG artwork use it. */
export function normalizeHex(hex: string): string {
  return `#${channels(hex)
    .map((c) => c.toString(16).padStart(2, "0"))
    .join("")}`;
}
