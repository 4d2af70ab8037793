import { writeFileSync } from "node:fs";
import QRCode from "qrcode";

const WIDTH = 640;
const HEIGHT = 480;
const BLACK = 16;
const WHITE = 235;

/**
 * How big the code is in each frame (share of the frame's height) and how far off centre: a phone
 * held to a camera is never quite still. ZXing (the decoder where the browser has no
 * BarcodeDetector, as in headless Chromium) misreads a few percent of perfectly drawn codes at any
 * one size — 1 in 10 at 90 % of the frame — so a video of one still frame would fail the same code
 * forever; over these six none of 300 random card codes failed.
 */
const POSES = [
  { share: 0.42, dx: -6, dy: -5 },
  { share: 0.48, dx: 1, dy: 0 },
  { share: 0.54, dx: -5, dy: 5 },
  { share: 0.6, dx: 2, dy: -1 },
  { share: 0.66, dx: -4, dy: 4 },
  { share: 0.72, dx: 3, dy: -2 },
] as const;

/**
 * Writes a Y4M video (what Chromium's fake camera plays, looping) showing `text` as a QR code,
 * as a phone screen held to a camera would: dark modules on white with a quiet zone, a little
 * nearer or farther and off centre from frame to frame. Y4M is a text header, then per frame
 * "FRAME\n" and the Y, U and V planes (4:2:0).
 */
export function writeQrVideo(path: string, text: string): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const size = qr.modules.size;
  const quiet = 4;
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128);
  const frames = POSES.map(({ share, dx, dy }) => {
    const scale = Math.floor((Math.min(WIDTH, HEIGHT) * share) / (size + 2 * quiet));
    const side = (size + 2 * quiet) * scale;
    const left = Math.floor((WIDTH - side) / 2) + dx;
    const top = Math.floor((HEIGHT - side) / 2) + dy;
    const luma = Buffer.alloc(WIDTH * HEIGHT, 200);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const mx = Math.floor(x / scale) - quiet;
        const my = Math.floor(y / scale) - quiet;
        const dark = mx >= 0 && my >= 0 && mx < size && my < size && qr.modules.get(my, mx) === 1;
        luma[(top + y) * WIDTH + left + x] = dark ? BLACK : WHITE;
      }
    }
    return Buffer.concat([Buffer.from("FRAME\n"), luma, chroma, chroma]);
  });
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...frames]));
}

/** Writes a Y4M video of a soft grey gradient: a camera looking at nothing in particular. */
export function writeBlankVideo(path: string, frames = 2): void {
  const luma = Buffer.alloc(WIDTH * HEIGHT);
  for (let y = 0; y < HEIGHT; y++)
    for (let x = 0; x < WIDTH; x++)
      luma[y * WIDTH + x] = 70 + Math.round((60 * (x + y)) / (WIDTH + HEIGHT));
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
