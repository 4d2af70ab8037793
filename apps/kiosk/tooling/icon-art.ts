/**
 * The app icon, drawn from signed distance functions so the PNGs are generated at build time
 * with no image tooling: a stamp (white ring, amber seal, white tick) on the brand's deep blue.
 */
export interface IconSpec {
  readonly fileName: string;
  readonly size: number;
  /** Maskable icons fill the square and keep the motif inside the 80 % safe zone. */
  readonly maskable: boolean;
}

export const ICONS: readonly IconSpec[] = [
  { fileName: "icons/icon-192.png", size: 192, maskable: false },
  { fileName: "icons/icon-512.png", size: 512, maskable: false },
  { fileName: "icons/maskable-512.png", size: 512, maskable: true },
  { fileName: "icons/apple-touch-icon.png", size: 180, maskable: true },
];

type Rgb = readonly [number, number, number];
const TOP: Rgb = [0x2b, 0x5d, 0x8a];
const BOTTOM: Rgb = [0x1f, 0x3a, 0x5f];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const AMBER: Rgb = [0xf2, 0xa9, 0x3b];

function roundBox(x: number, y: number, half: number, radius: number): number {
  const qx = Math.abs(x) - half + radius;
  const qy = Math.abs(y) - half + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

function segment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const h = Math.min(1, Math.max(0, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * h, py - dy * h);
}

/** Colour and coverage at a point of the unit square centred on 0 (x right, y down). */
function sample(x: number, y: number, maskable: boolean): [Rgb, number] | null {
  if (!maskable && roundBox(x, y, 0.5, 0.22) > 0) return null;
  const scale = maskable ? 0.78 : 1;
  const sx = x / scale;
  const sy = y / scale;
  const r = Math.hypot(sx, sy);
  const tick = Math.min(
    segment(sx, sy, -0.12, 0.0, -0.035, 0.09),
    segment(sx, sy, -0.035, 0.09, 0.13, -0.09),
  );
  if (tick < 0.04) return [WHITE, 1];
  if (r < 0.22) return [AMBER, 1];
  if (r > 0.27 && r < 0.33) return [WHITE, 1];
  const t = y + 0.5;
  const mix = (i: 0 | 1 | 2) => TOP[i] + (BOTTOM[i] - TOP[i]) * t;
  return [[mix(0), mix(1), mix(2)], 1];
}

/** RGBA pixels of one icon, 4×4 supersampled so the edges are smooth. */
export function renderIcon(spec: IconSpec): Uint8Array {
  const { size, maskable } = spec;
  const out = new Uint8Array(size * size * 4);
  const grid = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      let alpha = 0;
      for (let j = 0; j < grid; j++) {
        for (let i = 0; i < grid; i++) {
          const hit = sample(
            (px + (i + 0.5) / grid) / size - 0.5,
            (py + (j + 0.5) / grid) / size - 0.5,
            maskable,
          );
          if (!hit) continue;
          red += hit[0][0];
          green += hit[0][1];
          blue += hit[0][2];
          alpha += hit[1];
        }
      }
      const at = (py * size + px) * 4;
      if (alpha > 0) {
        out[at] = Math.round(red / alpha);
        out[at + 1] = Math.round(green / alpha);
        out[at + 2] = Math.round(blue / alpha);
      }
      out[at + 3] = Math.round((alpha / (grid * grid)) * 255);
    }
  }
  return out;
}
