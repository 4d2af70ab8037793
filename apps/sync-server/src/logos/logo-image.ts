import { createHash } from "node:crypto";
import { Resvg } from "@resvg/resvg-js";
import type { default as loadedSharp, Sharp } from "sharp";
import { checkSvgReferences, type SvgRefusal } from "./svg-references";

/** The largest upload taken, in bytes. */
export const MAX_LOGO_BYTES = 2 * 1024 * 1024;
/** Decoded pixels a picture may have (a small file can decode to gigabytes: a "decompression bomb"). */
export const MAX_LOGO_PIXELS = 25_000_000;
/**
 * The smallest PNG that stays sharp: Apple's @2x logo box is 320 × 100 px, so a picture smaller
 * than that on both axes would be blown up on every iPhone. SVGs have no size: they are drawn.
 */
export const MIN_LOGO_LONG_SIDE = 320;
export const MIN_LOGO_SHORT_SIDE = 100;

/**
 * Apple's notification icon is 29 pt square: a logo wider (or taller) than 2:1 would shrink to an
 * unreadable sliver there, so the pass keeps its drawn stamp icon instead.
 */
const MAX_ICON_ASPECT = 2;

/** Whether the logo is square enough to be the pass's icon (see MAX_ICON_ASPECT). */
export function logoMakesIcon(logo: { readonly width: number; readonly height: number }): boolean {
  return Math.max(logo.width, logo.height) <= MAX_ICON_ASPECT * Math.min(logo.width, logo.height);
}

/** Apple's logo box (160 × 50 pt, the logo keeps its shape inside) and icon (29 × 29 pt). */
const APPLE_LOGO = { width: 160, height: 50 } as const;
const APPLE_ICON = 29;
/** Google's programLogo: 660 px square, masked to a circle, the artwork inside a 15% margin. */
export const GOOGLE_LOGO_SIZE = 660;
const GOOGLE_ART = Math.round(GOOGLE_LOGO_SIZE * 0.7);
/** SVGs are drawn at this size (longer side) before being scaled to each rendition. */
const SVG_MASTER = 1320;
const TRANSPARENT = { r: 0, g: 0, b: 0, alpha: 0 };

export type LogoSource = "png" | "svg";

/** The pictures made from one upload, all PNG with their transparency kept. */
export interface LogoRenditions {
  /** Apple logo.png, @2x, @3x: inside 160 × 50 pt. */
  readonly logo: readonly [Uint8Array, Uint8Array, Uint8Array];
  /** Apple icon.png, @2x, @3x: 29 × 29 pt, the logo centred. */
  readonly icon: readonly [Uint8Array, Uint8Array, Uint8Array];
  /** Google programLogo, also the pages' square icon: 660 × 660 px. */
  readonly square: Uint8Array;
}

/** A checked logo: its renditions and what it was made from. */
export interface PreparedLogo {
  /** SHA-256 (hex) of the uploaded file: the same file is the same logo. */
  readonly hash: string;
  readonly source: LogoSource;
  /** The upload's size in pixels (an SVG's as drawn). */
  readonly width: number;
  readonly height: number;
  readonly renditions: LogoRenditions;
}

/** Why an upload is refused; the stored logo stays as it was. */
export type LogoProblem =
  | { readonly code: "logo-missing" }
  | { readonly code: "logo-too-large"; readonly bytes: number }
  | { readonly code: "logo-wrong-type"; readonly found: string | null }
  | { readonly code: "logo-damaged" }
  | { readonly code: "logo-unsafe-svg"; readonly refusal: SvgRefusal }
  | { readonly code: "logo-too-many-pixels"; readonly width: number; readonly height: number }
  | { readonly code: "logo-too-small"; readonly width: number; readonly height: number };

export type LogoResult =
  | { readonly ok: true; readonly logo: PreparedLogo }
  | { readonly ok: false; readonly problem: LogoProblem };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** An XML or SVG start (after a byte-order mark and white space): `<?xml`, `<svg`, or a comment. */
const SVG_START = /^(\uFEFF)?\s*<(\?xml|svg|!--)/;

const refuse = (problem: LogoProblem): LogoResult => ({ ok: false, problem });
/**
 * sharp (libvips), loaded with the first logo read or shown (`loadSharp`: every use below starts
 * from `prepareLogo`), not with the server: it holds ~6 MB of RSS that a server which only syncs
 * tills never needs (server README, "What an instance's memory is made of").
 */
let sharp: typeof loadedSharp;
async function loadSharp(): Promise<typeof loadedSharp> {
  sharp ??= (await import("sharp")).default;
  return sharp;
}

/** A stored rendition's size in pixels, as the admin's preview shows it. */
export async function renditionSize(png: Uint8Array): Promise<{ width: number; height: number }> {
  const { width, height } = await (await loadSharp())(png).metadata();
  return { width, height };
}
const open = (bytes: Uint8Array) =>
  sharp(bytes, { limitInputPixels: MAX_LOGO_PIXELS, failOn: "error" });

/**
 * Checks an uploaded logo by its content (never its name) and makes the renditions Apple and
 * Google want. PNGs are decoded by sharp; SVGs are checked for references outside themselves
 * (checkSvgReferences), drawn by resvg with no access to files or the network, and never kept.
 */
export async function prepareLogo(bytes: Uint8Array): Promise<LogoResult> {
  if (bytes.byteLength === 0) return refuse({ code: "logo-missing" });
  if (bytes.byteLength > MAX_LOGO_BYTES)
    return refuse({ code: "logo-too-large", bytes: bytes.byteLength });
  await loadSharp();
  const hash = createHash("sha256").update(bytes).digest("hex");
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 512));
  if (head.subarray(0, 8).equals(PNG_SIGNATURE)) return preparePng(bytes, hash);
  if (SVG_START.test(head.toString("utf8"))) return prepareSvg(bytes, hash);
  return refuse({ code: "logo-wrong-type", found: await formatOf(bytes) });
}

async function preparePng(bytes: Uint8Array, hash: string): Promise<LogoResult> {
  const size = await pixelSize(bytes);
  if (!size.ok) return refuse(size.problem);
  const { width, height } = size;
  if (Math.max(width, height) < MIN_LOGO_LONG_SIDE || Math.min(width, height) < MIN_LOGO_SHORT_SIDE)
    return refuse({ code: "logo-too-small", width, height });
  try {
    // Decodes the whole picture once: a damaged file fails here, not half-way through a rendition.
    const master = await open(bytes).ensureAlpha().png().toBuffer();
    return {
      ok: true,
      logo: { hash, source: "png", width, height, renditions: await renditionsOf(master) },
    };
  } catch {
    return refuse({ code: "logo-damaged" });
  }
}

async function prepareSvg(bytes: Uint8Array, hash: string): Promise<LogoResult> {
  const checked = await checkSvgReferences(Buffer.from(bytes).toString("utf8"));
  if (!checked.ok)
    return checked.refusal.kind === "not-svg"
      ? refuse({ code: "logo-damaged" })
      : refuse({ code: "logo-unsafe-svg", refusal: checked.refusal });
  for (const picture of checked.embedded) {
    const size = await pixelSize(picture);
    if (!size.ok) return refuse(size.problem);
  }
  try {
    // Its size does not depend on fonts: measured without scanning them.
    const drawn = new Resvg(Buffer.from(bytes), { font: { loadSystemFonts: false } });
    const fitTo =
      drawn.width >= drawn.height
        ? ({ mode: "width", value: SVG_MASTER } as const)
        : ({ mode: "height", value: SVG_MASTER } as const);
    const master = new Resvg(Buffer.from(bytes), { fitTo, font: { loadSystemFonts: true } })
      .render()
      .asPng();
    const { width, height } = await open(master).metadata();
    return {
      ok: true,
      logo: { hash, source: "svg", width, height, renditions: await renditionsOf(master) },
    };
  } catch {
    return refuse({ code: "logo-damaged" });
  }
}

type PixelSize =
  | { readonly ok: true; readonly width: number; readonly height: number }
  | { readonly ok: false; readonly problem: LogoProblem };

/** A picture's size from its header, refusing decompression bombs before anything is decoded. */
async function pixelSize(bytes: Uint8Array): Promise<PixelSize> {
  try {
    const { width, height } = await sharp(bytes, { limitInputPixels: false }).metadata();
    if (width * height > MAX_LOGO_PIXELS)
      return { ok: false, problem: { code: "logo-too-many-pixels", width, height } };
    return { ok: true, width, height };
  } catch {
    return { ok: false, problem: { code: "logo-damaged" } };
  }
}

/** What a refused file is, by content, to tell the merchant ("a JPEG photo"); null when unknown. */
async function formatOf(bytes: Uint8Array): Promise<string | null> {
  try {
    return (await sharp(bytes, { limitInputPixels: false }).metadata()).format ?? null;
  } catch {
    return null;
  }
}

async function renditionsOf(master: Buffer): Promise<LogoRenditions> {
  const png = (pipeline: Sharp) =>
    pipeline
      .png({ compressionLevel: 9 })
      .toBuffer()
      .then((buffer) => new Uint8Array(buffer));
  const logoAt = (scale: number) =>
    png(
      open(master).resize({
        width: APPLE_LOGO.width * scale,
        height: APPLE_LOGO.height * scale,
        fit: "inside",
      }),
    );
  const iconAt = (scale: number) =>
    png(
      open(master).resize({
        width: APPLE_ICON * scale,
        height: APPLE_ICON * scale,
        fit: "contain",
        background: TRANSPARENT,
      }),
    );
  const margin = (GOOGLE_LOGO_SIZE - GOOGLE_ART) / 2;
  const artwork = await open(master)
    .resize({ width: GOOGLE_ART, height: GOOGLE_ART, fit: "contain", background: TRANSPARENT })
    .png()
    .toBuffer();
  const square = await png(
    open(artwork).extend({
      top: Math.floor(margin),
      bottom: Math.ceil(margin),
      left: Math.floor(margin),
      right: Math.ceil(margin),
      background: TRANSPARENT,
    }),
  );
  const [logo1, logo2, logo3, icon1, icon2, icon3] = await Promise.all([
    logoAt(1),
    logoAt(2),
    logoAt(3),
    iconAt(1),
    iconAt(2),
    iconAt(3),
  ]);
  return { logo: [logo1, logo2, logo3], icon: [icon1, icon2, icon3], square };
}
