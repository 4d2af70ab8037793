// How often ZXing (the decoder the till uses where the browser has no BarcodeDetector) reads a
// card's QR code from a phone screen seen by a till camera: the original S1 code (stamp-core K1,
// 53×53 modules) against the compact C1 code (K7, 41×41), both at error correction M.
import { webcrypto } from "node:crypto";
import {
  type EcJwk,
  importCardCodeSigner,
  type SubtleLike,
  signCardCode,
  signCardScanCode,
} from "@stamp/core";
import { MERCHANT, PROGRAM, seededRandom } from "@stamp/core/testing";
import zxing from "@zxing/library";
import { v4 as uuidv4 } from "uuid";

// The package's CommonJS build under Node (its ESM build has no named exports there).
const {
  BarcodeFormat,
  BinaryBitmap,
  EncodeHintType,
  HybridBinarizer,
  QRCodeReader,
  QRCodeWriter,
  RGBLuminanceSource,
} = zxing;

const CODES = Number(process.env.CODES ?? 150);
const WIDTH = 640;
const HEIGHT = 480;
/** Share of the frame's height the code takes: a phone held farther away, then nearer. */
const SHARES = [0.26, 0.3, 0.34, 0.38, 0.46] as const;
/**
 * A phone screen at the brightness people leave it, seen by a till camera: dark modules lifted
 * by glare, white dimmed, a slightly soft focus and what sensor noise the camera's denoising
 * leaves (ZXing's binarizer gives up fast on per-pixel noise: σ 4 on full contrast already
 * loses most 53×53 codes). Override with DARK, LIGHT, NOISE; CODES sets the sample.
 */
const SCREEN = {
  dark: Number(process.env.DARK ?? 60),
  light: Number(process.env.LIGHT ?? 190),
  noise: Number(process.env.NOISE ?? 3),
} as const;

const subtle = webcrypto.subtle as unknown as SubtleLike;
const random = seededRandom(12);

function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** The frame a camera sees: the code's modules at `share` of the height, soft and noisy. */
function frame(text: string, share: number): Uint8ClampedArray {
  const hints = new Map([[EncodeHintType.ERROR_CORRECTION, "M"]]);
  const matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
  const modules = matrix.getWidth(); // quiet zone of 4 included
  const side = HEIGHT * share;
  const scale = side / modules;
  const left = (WIDTH - side) / 2 + (random() - 0.5) * 20;
  const top = (HEIGHT - side) / 2 + (random() - 0.5) * 20;
  const sharp = new Float32Array(WIDTH * HEIGHT).fill(SCREEN.light - 25);
  for (let y = 0; y < HEIGHT; y++)
    for (let x = 0; x < WIDTH; x++) {
      const mx = Math.floor((x - left) / scale);
      const my = Math.floor((y - top) / scale);
      if (mx < 0 || my < 0 || mx >= modules || my >= modules) continue;
      sharp[y * WIDTH + x] = matrix.get(mx, my) ? SCREEN.dark : SCREEN.light;
    }
  const out = new Uint8ClampedArray(WIDTH * HEIGHT);
  for (let y = 1; y < HEIGHT - 1; y++)
    for (let x = 1; x < WIDTH - 1; x++) {
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) sum += sharp[(y + dy) * WIDTH + x + dx] as number;
      out[y * WIDTH + x] = sum / 9 + gaussian() * SCREEN.noise;
    }
  return out;
}

function reads(text: string, share: number): boolean {
  const source = new RGBLuminanceSource(frame(text, share), WIDTH, HEIGHT);
  try {
    return (
      new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText() === text
    );
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const pair = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ]);
  const jwk = { ...(await webcrypto.subtle.exportKey("jwk", pair.privateKey)), kid: "k2026" };
  const signer = await importCardCodeSigner(jwk as EcJwk, subtle);
  const formats = {
    "S1 (K1, before)": (claims: Claims) => signCardCode(claims, signer, subtle),
    "C1 (K7, now)": (claims: Claims) => signCardScanCode(claims, signer, subtle),
  };
  const rows: Record<string, string | number>[] = [];
  for (const [name, sign] of Object.entries(formats)) {
    const codes = await Promise.all(
      Array.from({ length: CODES }, () =>
        sign({ cardId: uuidv4(), programId: PROGRAM, merchantId: MERCHANT }),
      ),
    );
    const first = codes[0] as string;
    const modules =
      new QRCodeWriter()
        .encode(
          first,
          BarcodeFormat.QR_CODE,
          0,
          0,
          new Map([[EncodeHintType.ERROR_CORRECTION, "M"]]),
        )
        .getWidth() - 8;
    const row: Record<string, string | number> = {
      code: name,
      characters: first.length,
      "QR (M)": `${modules}×${modules}`,
    };
    for (const share of SHARES) {
      const ok = codes.filter((code) => reads(code, share)).length;
      row[`read at ${Math.round(share * 100)} % of frame`] = `${((100 * ok) / CODES).toFixed(1)} %`;
    }
    rows.push(row);
  }
  console.log(
    `QR scan success, ZXing, ${CODES} codes per format, ${WIDTH}×${HEIGHT} camera frame, phone screen at low brightness (dark ${SCREEN.dark}, light ${SCREEN.light}, noise σ ${SCREEN.noise}, 3×3 blur)`,
  );
  console.table(rows);
}

type Claims = { cardId: string; programId: string; merchantId: string };

await main();
