import type { Program } from "@stamp/core";
import { STRIP_SIZE, stripSvg } from "@stamp/pass-builder";
import { raw } from "hono/html";
import { type Translator, translator } from "../../i18n/translate";
import { POSTER_LAYOUTS } from "../join-poster";
import { artworkStyle, passLocales } from "../program-design";

const WIDTH = 320;
const STRIP_HEIGHT = (WIDTH * STRIP_SIZE.height) / STRIP_SIZE.width;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An uploaded logo as the pass shows it: Apple's @3x PNG and its size in points (≤ 160 × 50). */
export interface PassLogo {
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/**
 * The front of the Apple pass as one SVG (the admin pages' policy allows no inline CSS, while
 * presentation attributes are fine): the logo (when uploaded) and logo text, the stamps header
 * field, the stamp strip drawn by pass-builder, reward and status fields, in the program's first
 * language.
 */
export function passFrontSvg(
  program: Program,
  merchantName: string,
  stamps: number,
  logo: PassLogo | null = null,
): string {
  const m = translator(passLocales(program)[0] ?? "en");
  const { background, foreground, accent } = program.design;
  const label = (x: number, y: number, text: string, anchor: "start" | "end" = "start") =>
    `<text x="${x}" y="${y}" font-size="10" fill="${accent}" text-anchor="${anchor}" ${FONT}>${escapeXml(text.toUpperCase())}</text>`;
  const value = (
    x: number,
    y: number,
    text: string,
    size: number,
    anchor: "start" | "end" = "start",
  ) =>
    `<text x="${x}" y="${y}" font-size="${size}" fill="${foreground}" text-anchor="${anchor}" ${FONT}>${escapeXml(text)}</text>`;
  const strip = stripSvg(artworkStyle(program), stamps).replace(
    /^<svg ([^>]*?)width="[^"]*" height="[^"]*"/,
    `<svg $1x="0" y="56" width="${WIDTH}" height="${STRIP_HEIGHT}"`,
  );
  const below = 56 + STRIP_HEIGHT;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${below + 70}" width="${WIDTH}" role="img" aria-label="${escapeXml(`${merchantName}: ${program.name}`)}">`,
    `<rect width="${WIDTH}" height="${below + 70}" rx="14" fill="${background}"/>`,
    logo ? logoAndName(program.name, logo, foreground) : value(16, 34, program.name, 17),
    label(WIDTH - 16, 22, m.t("pass.stamps"), "end"),
    value(WIDTH - 16, 42, `${stamps} / ${program.goal}`, 18, "end"),
    strip,
    label(16, below + 24, m.t("pass.reward")),
    value(16, below + 44, program.reward.title, 15),
    label(WIDTH - 16, below + 24, m.t("pass.status"), "end"),
    value(WIDTH - 16, below + 44, m.t("pass.collecting"), 15, "end"),
    "</svg>",
  ].join("");
}

/** The pass front as the editor shows it: a card a few stamps in. */
export function passPreviewSvg(program: Program, merchantName: string): string {
  return passFrontSvg(program, merchantName, previewStamps(program));
}

const previewStamps = (program: Program) => Math.min(3, program.goal);

/**
 * The uploaded logo at its pass size and the logo text beside it, cut off before the stamps field
 * (Wallet truncates a long logo text the same way).
 */
function logoAndName(name: string, logo: PassLogo, fill: string): string {
  const x = 16 + logo.width + 8;
  return [
    `<clipPath id="pass-logo-text"><rect x="${x}" y="0" width="${Math.max(0, WIDTH - 90 - x)}" height="56"/></clipPath>`,
    `<image x="16" y="${28 - logo.height / 2}" width="${logo.width}" height="${logo.height}" href="data:image/png;base64,${Buffer.from(logo.png).toString("base64")}"/>`,
    `<text x="${x}" y="34" font-size="17" fill="${fill}" clip-path="url(#pass-logo-text)" ${FONT}>${escapeXml(name)}</text>`,
  ].join("");
}

/** The program editor's wallet panel: the pass preview, the join link and the printable posters. */
export function ProgramWalletPanel(props: {
  tr: Translator;
  program: Program;
  merchantName: string;
  joinUrl: string;
}) {
  const { tr, program } = props;
  const base = `/admin/programs/${program.id}/poster`;
  const sample = previewStamps(program);
  return (
    <section class="panel" id="wallet">
      <h2>{tr.t("editor.wallet.title")}</h2>
      <p class="muted">{tr.t("editor.wallet.preview", { stamps: sample, goal: program.goal })}</p>
      <div>{raw(passPreviewSvg(program, props.merchantName))}</div>
      <p>
        <a href={`/admin/programs/${program.id}/logo`}>{tr.t("logo.link")}</a>
      </p>
      <p>
        {tr.t("editor.wallet.join")} <a href={props.joinUrl}>{props.joinUrl}</a>
      </p>
      <p>{tr.t("editor.wallet.posters")}</p>
      <ul>
        {POSTER_LAYOUTS.map((layout) => (
          <li>
            {tr.t(`editor.wallet.layout.${layout}`)}:{" "}
            <a href={`${base}.png?layout=${layout}`}>PNG</a> ·{" "}
            <a href={`${base}.svg?layout=${layout}`}>SVG</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
