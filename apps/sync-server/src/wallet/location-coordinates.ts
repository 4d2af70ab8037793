export interface Coordinates {
  readonly latitude: number;
  readonly longitude: number;
}

export type CoordinatesInput =
  | { readonly ok: true; readonly coordinates: Coordinates | null }
  | { readonly ok: false; readonly invalid: readonly ("latitude" | "longitude")[] };

const DECIMAL = /^[-+]?\d{1,3}(?:[.,]\d{1,10})?$/;

/**
 * A location's optional WGS 84 position from the admin form: both empty clears it; a decimal comma
 * is accepted (German keyboards); out-of-range or half-filled input is refused field by field.
 */
export function parseCoordinates(latitude: string, longitude: string): CoordinatesInput {
  const lat = latitude.trim();
  const lon = longitude.trim();
  if (lat === "" && lon === "") return { ok: true, coordinates: null };
  const number = (text: string, limit: number) => {
    if (!DECIMAL.test(text)) return null;
    const n = Number(text.replace(",", "."));
    return Math.abs(n) <= limit ? n : null;
  };
  const la = number(lat, 90);
  const lo = number(lon, 180);
  if (la === null || lo === null)
    return {
      ok: false,
      invalid: [
        ...(la === null ? ["latitude" as const] : []),
        ...(lo === null ? ["longitude" as const] : []),
      ],
    };
  return { ok: true, coordinates: { latitude: la, longitude: lo } };
}
