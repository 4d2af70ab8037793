import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { discPng, SVG_LOGO, pngSize as sizeOf } from "../../test/logo-fixtures";
import { logoMakesIcon, MAX_LOGO_BYTES, prepareLogo } from "./logo-image";

const svg = (body: string) =>
  new TextEncoder().encode(
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">${body}</svg>`,
  );

async function alphaAt(png: Uint8Array, x: number, y: number): Promise<number> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return data[(y * info.width + x) * info.channels + 3] as number;
}

describe("prepareLogo", () => {
  it("makes Apple's logo and icon at @1x/@2x/@3x and Google's 660 px square from a PNG", async () => {
    const prepared = await prepareLogo(await discPng(800, 400));
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.problem));
    const { logo } = prepared;
    expect(logo).toMatchObject({ source: "png", width: 800, height: 400 });
    expect(logo.hash).toMatch(/^[0-9a-f]{64}$/);
    // 800 × 400 is 2:1: the logo box's height (50 pt) limits it.
    expect(await Promise.all(logo.renditions.logo.map(sizeOf))).toEqual([
      { width: 100, height: 50, hasAlpha: true },
      { width: 200, height: 100, hasAlpha: true },
      { width: 300, height: 150, hasAlpha: true },
    ]);
    expect(await Promise.all(logo.renditions.icon.map(sizeOf))).toEqual([
      { width: 29, height: 29, hasAlpha: true },
      { width: 58, height: 58, hasAlpha: true },
      { width: 87, height: 87, hasAlpha: true },
    ]);
    expect(await sizeOf(logo.renditions.square)).toEqual({
      width: 660,
      height: 660,
      hasAlpha: true,
    });
    // Transparent stays transparent (corners), the disc stays opaque (centre).
    expect(await alphaAt(logo.renditions.logo[2], 0, 0)).toBe(0);
    expect(await alphaAt(logo.renditions.logo[2], 150, 75)).toBe(255);
    expect(await alphaAt(logo.renditions.square, 10, 330)).toBe(0);
    expect(await alphaAt(logo.renditions.square, 330, 330)).toBe(255);
  });

  it("draws an SVG (never keeping it) and the same file gives the same hash and pictures", async () => {
    const bytes = new TextEncoder().encode(SVG_LOGO);
    const [first, second] = await Promise.all([prepareLogo(bytes), prepareLogo(bytes)]);
    if (!first.ok || !second.ok) throw new Error("refused");
    expect(first.logo).toMatchObject({ source: "svg", width: 1320, height: 660 });
    expect(await sizeOf(first.logo.renditions.logo[2])).toEqual({
      width: 300,
      height: 150,
      hasAlpha: true,
    });
    expect(second.logo.hash).toBe(first.logo.hash);
    expect(Buffer.from(second.logo.renditions.square).equals(first.logo.renditions.square)).toBe(
      true,
    );
    expect(await alphaAt(first.logo.renditions.logo[2], 150, 75)).toBe(255);
  });

  it("knows a file by its content: a JPEG is named, text is not a picture", async () => {
    const jpeg = await sharp({
      create: { width: 400, height: 400, channels: 3, background: "#fff" },
    })
      .jpeg()
      .toBuffer();
    expect(await prepareLogo(new Uint8Array(jpeg))).toEqual({
      ok: false,
      problem: { code: "logo-wrong-type", found: "jpeg" },
    });
    expect(await prepareLogo(new TextEncoder().encode("hello"))).toEqual({
      ok: false,
      problem: { code: "logo-wrong-type", found: null },
    });
    expect(await prepareLogo(new Uint8Array())).toEqual({
      ok: false,
      problem: { code: "logo-missing" },
    });
  });

  it("refuses too large files, damaged PNGs and pictures too small to stay sharp", async () => {
    const big = new Uint8Array(MAX_LOGO_BYTES + 1);
    expect(await prepareLogo(big)).toEqual({
      ok: false,
      problem: { code: "logo-too-large", bytes: MAX_LOGO_BYTES + 1 },
    });
    const png = await discPng(400, 400);
    expect(await prepareLogo(png.subarray(0, 200))).toEqual({
      ok: false,
      problem: { code: "logo-damaged" },
    });
    expect(await prepareLogo(await discPng(200, 200))).toEqual({
      ok: false,
      problem: { code: "logo-too-small", width: 200, height: 200 },
    });
    expect(await prepareLogo(await discPng(600, 80))).toEqual({
      ok: false,
      problem: { code: "logo-too-small", width: 600, height: 80 },
    });
  });

  it("refuses a decompression bomb from its header, before decoding it", async () => {
    // 5,100 × 5,000 of one colour compresses to a few KB and would decode to 100 MB.
    const bomb = await sharp({
      create: { width: 5_100, height: 5_000, channels: 3, background: "#fff" },
      limitInputPixels: false,
    })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.byteLength).toBeLessThan(MAX_LOGO_BYTES);
    expect(await prepareLogo(new Uint8Array(bomb))).toEqual({
      ok: false,
      problem: { code: "logo-too-many-pixels", width: 5_100, height: 5_000 },
    });
  });

  it("refuses SVGs that reach outside themselves or run scripts, and never reads the file", async () => {
    const refusals = await Promise.all(
      [
        '<image href="/etc/hostname" width="10" height="10"/>',
        '<image xlink:href="file:///etc/passwd" width="10" height="10"/>',
        '<image href="https://example.com/a.png" width="10" height="10"/>',
        '<rect width="10" height="10" fill="url(other.svg#g)"/>',
        "<style>@import url(https://example.com/x.css);</style>",
        '<rect width="10" height="10" style="fill: url(\'/tmp/x.svg#a\')"/>',
        '<use href="other.svg#shape"/>',
      ].map((body) => prepareLogo(svg(body))),
    );
    for (const refusal of refusals)
      expect(refusal).toMatchObject({
        ok: false,
        problem: { code: "logo-unsafe-svg", refusal: { kind: "external-reference" } },
      });
    expect(await prepareLogo(svg("<script>alert(1)</script>"))).toMatchObject({
      ok: false,
      problem: { code: "logo-unsafe-svg", refusal: { kind: "script" } },
    });
    expect(await prepareLogo(svg('<rect width="1" height="1" onclick="x()"/>'))).toMatchObject({
      ok: false,
      problem: { code: "logo-unsafe-svg", refusal: { kind: "script" } },
    });
    const entity = new TextEncoder().encode(
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
    );
    expect(await prepareLogo(entity)).toMatchObject({
      ok: false,
      problem: { code: "logo-unsafe-svg", refusal: { kind: "doctype" } },
    });
    expect(await prepareLogo(new TextEncoder().encode("<svg><g></svg>"))).toEqual({
      ok: false,
      problem: { code: "logo-damaged" },
    });
  });

  it("keeps pictures embedded in an SVG, within the pixel limit", async () => {
    const inner = Buffer.from(await discPng(400, 400)).toString("base64");
    const ok = await prepareLogo(
      svg(`<image href="data:image/png;base64,${inner}" width="100" height="100"/>`),
    );
    expect(ok.ok).toBe(true);
    const bomb = await sharp({
      create: { width: 5_100, height: 5_000, channels: 3, background: "#fff" },
      limitInputPixels: false,
    })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(
      await prepareLogo(
        svg(
          `<image href="data:image/png;base64,${bomb.toString("base64")}" width="9" height="9"/>`,
        ),
      ),
    ).toEqual({
      ok: false,
      problem: { code: "logo-too-many-pixels", width: 5_100, height: 5_000 },
    });
  });

  it("makes the pass icon only of logos no wider (or taller) than 2:1", () => {
    expect(logoMakesIcon({ width: 800, height: 400 })).toBe(true);
    expect(logoMakesIcon({ width: 400, height: 800 })).toBe(true);
    expect(logoMakesIcon({ width: 500, height: 500 })).toBe(true);
    expect(logoMakesIcon({ width: 900, height: 300 })).toBe(false);
    expect(logoMakesIcon({ width: 100, height: 320 })).toBe(false);
  });
});
