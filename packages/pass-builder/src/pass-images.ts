import { Resvg } from "@resvg/resvg-js";
import { LruCache } from "./lru-cache";
import { type ArtworkStyle, ICON_SIZE, iconSvg, STRIP_SIZE, stripSvg } from "./pass-artwork";

export type ImageScale = 1 | 2 | 3;
export const IMAGE_SCALES: readonly ImageScale[] = [1, 2, 3];

/**
 * Renders the pass artwork to PNG and keeps the results: rendering a strip costs
 * milliseconds, while a card only ever needs (goal + 1) strips per scale. The key is
 * the artwork style itself (its design version), so a design change can never serve
 * a stale picture.
 */
export class PassImageRenderer {
  readonly #cache: LruCache<string, Buffer>;

  /** @param capacity how many PNGs to keep (each strip @3x is a few KB). */
  constructor(capacity = 1024) {
    this.#cache = new LruCache(capacity);
  }

  strip(style: ArtworkStyle, stamps: number, scale: ImageScale): Buffer {
    const shown = Math.min(stamps, style.stampGoal);
    return this.#cached(`strip|${shown}|${scale}|${designVersion(style)}`, () =>
      render(stripSvg(style, shown), STRIP_SIZE.width * scale),
    );
  }

  icon(style: ArtworkStyle, scale: ImageScale): Buffer {
    return this.#cached(`icon|${scale}|${designVersion(style)}`, () =>
      render(iconSvg(style), ICON_SIZE.width * scale),
    );
  }

  #cached(key: string, draw: () => Buffer): Buffer {
    const hit = this.#cache.get(key);
    if (hit) return hit;
    const png = draw();
    this.#cache.set(key, png);
    return png;
  }
}

function designVersion(style: ArtworkStyle): string {
  const { colors } = style;
  return [
    style.stampIcon,
    style.stampGoal,
    colors.background,
    colors.foreground,
    colors.stamp,
  ].join("|");
}

function render(svg: string, widthPx: number): Buffer {
  return new Resvg(svg, {
    fitTo: { mode: "width", value: widthPx },
    // The artwork has no text: skipping the system font scan saves most of the setup cost.
    font: { loadSystemFonts: false },
  })
    .render()
    .asPng();
}
