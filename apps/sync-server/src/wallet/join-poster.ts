import type { Program } from "@stamp/core";
import type { Translator } from "../i18n/translate";
import { withoutControlCharacters } from "../pages/control-characters";

export const POSTER_LAYOUTS = ["a4", "a6"] as const;
export type PosterLayout = (typeof POSTER_LAYOUTS)[number];

export interface PosterInput {
  readonly m: Translator;
  readonly program: Program;
  readonly merchantName: string;
  /** Where the location is, under the merchant's name (a poster per location). */
  readonly locationName: string | null;
  readonly joinUrl: string;
  /** qrcode's SVG of the join URL (margin 0). */
  readonly qrSvg: string;
  /** The merchant's uploaded logo (Apple's @3x logo PNG), above the names; null: names only. */
  readonly logoPng: Uint8Array | null;
  readonly layout: PosterLayout;
}

const escapeXml = (text: string) =>
  withoutControlCharacters(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** qrcode's `<svg …>` placed as a nested SVG in the poster's coordinates. */
function placeQr(qrSvg: string, x: number, y: number, size: number): string {
  return qrSvg.replace(/^<svg /, `<svg x="${x}" y="${y}" width="${size}" height="${size}" `);
}

/**
 * One printable panel (mm units, 105 × 148 for A6, 210 × 297 for A4): merchant, program, offer,
 * the join QR, three steps. Text anchors follow the language's direction.
 */
function panel(input: PosterInput, width: number, height: number): string {
  const { m, program } = input;
  const k = width / 105;
  const rtl = m.dir === "rtl";
  const center = width / 2;
  const qrSize = 62 * k;
  const text = (
    y: number,
    size: number,
    body: string,
    weight = 400,
    fill = program.design.foreground,
  ) =>
    `<text x="${center}" y="${y * k}" font-size="${size * k}" font-weight="${weight}" fill="${fill}" text-anchor="middle"${rtl ? ' direction="rtl"' : ""} font-family="Noto Sans, DejaVu Sans, sans-serif">${escapeXml(body)}</text>`;
  const merchant = input.locationName
    ? `${input.merchantName} · ${input.locationName}`
    : input.merchantName;
  // Apple's logo box shape (160 × 50), 7 mm high on A6, centred above the merchant's name.
  const logo = input.logoPng
    ? `<image x="${center - 11.2 * k}" y="${2 * k}" width="${22.4 * k}" height="${7 * k}" preserveAspectRatio="xMidYMid meet" href="data:image/png;base64,${Buffer.from(input.logoPng).toString("base64")}"/>`
    : "";
  return [
    `<rect width="${width}" height="${height}" fill="${program.design.background}"/>`,
    logo,
    text(14, 5, merchant, 600, program.design.accent),
    text(24, 8, program.name, 700),
    text(33, 4.2, m.t("poster.offer", { goal: program.goal, reward: program.reward.title })),
    `<rect x="${center - qrSize / 2 - 5 * k}" y="${40 * k}" width="${qrSize + 10 * k}" height="${qrSize + 10 * k}" rx="${4 * k}" fill="#ffffff"/>`,
    placeQr(input.qrSvg, center - qrSize / 2, 45 * k, qrSize),
    text(120, 5.2, m.t("poster.scan"), 700),
    text(128, 3.4, m.t("poster.step1")),
    text(133, 3.4, m.t("poster.step2")),
    text(138, 3.4, m.t("poster.step3")),
    text(145, 3, `${m.t("poster.noApp")} · ${input.joinUrl}`, 400, program.design.accent),
  ].join("");
}

/**
 * The printable join poster: A4 (one big panel) or an A6 table tent (two A6 panels on one
 * 105 × 296 mm sheet, the upper one upside down, to be folded along the dashed line so both
 * sides of the tent read the right way up).
 */
export function joinPosterSvg(input: PosterInput): string {
  switch (input.layout) {
    case "a4": {
      const body = `<svg x="0" y="0" width="210" height="297" viewBox="0 0 105 148.5">${panel(input, 105, 148.5)}</svg>`;
      return `<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297">${body}</svg>`;
    }
    case "a6": {
      const one = panel(input, 105, 148);
      const fold = `<line x1="0" y1="148" x2="105" y2="148" stroke="${input.program.design.foreground}" stroke-width="0.3" stroke-dasharray="2 2"/>`;
      const label = `<text x="102" y="147" font-size="2" fill="${input.program.design.foreground}" text-anchor="end" font-family="Noto Sans, DejaVu Sans, sans-serif">${escapeXml(input.m.t("poster.fold"))}</text>`;
      return `<svg xmlns="http://www.w3.org/2000/svg" width="105mm" height="296mm" viewBox="0 0 105 296"><g transform="rotate(180 52.5 74)">${one}</g><g transform="translate(0 148)">${one}</g>${fold}${label}</svg>`;
    }
    default: {
      const unreachable: never = input.layout;
      throw new Error(`unknown poster layout ${String(unreachable)}`);
    }
  }
}
