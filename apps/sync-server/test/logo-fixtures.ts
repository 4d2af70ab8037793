import sharp from "sharp";

/** A real PNG of `width` × `height` for logo tests: a red disc on a transparent background. */
export async function discPng(width: number, height: number): Promise<Uint8Array> {
  const r = Math.min(width, height) / 2;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><circle cx="${width / 2}" cy="${height / 2}" r="${r}" fill="#d00"/></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

/** A 2:1 SVG logo (a rounded gradient bar) with an XML declaration, as design tools save them. */
export const SVG_LOGO = `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#036"/><stop offset="1" stop-color="#09c"/></linearGradient></defs>
  <rect x="0" y="0" width="200" height="100" rx="20" fill="url(#g)"/>
</svg>`;

/** Width, height and whether it has an alpha channel, as sharp reads a PNG. */
export async function pngSize(png: Uint8Array) {
  const { width, height, hasAlpha } = await sharp(png).metadata();
  return { width, height, hasAlpha };
}
