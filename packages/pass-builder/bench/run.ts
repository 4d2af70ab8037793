/**
 * Pass build + sign time: our fast path (native RSA, pre-encoded certificates, cached
 * artwork) against stock passkit-generator (`new PKPass(...)` + `getAsBuffer()`, which
 * signs with node-forge) on the same machine, the same certificates and the same files.
 *
 *   npm run bench -w packages/pass-builder
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PKPass } from "passkit-generator";
import { loadAppleCredentials } from "../src/apple-credentials";
import { ApplePassBuilder } from "../src/apple-pass";
import { ensureDevCredentials } from "../src/dev-credentials";
import { assemblePassBundle } from "../src/pass-bundle";
import { PassImageRenderer } from "../src/pass-images";
import { PASS_TYPE_ID, sampleCard, sampleDesign, TEAM_ID } from "../src/test-fixtures";

const PASSES = 500;
const WARM_UP = 30;
const WEB_SERVICE_URL = "https://stamp.example/wallet";

const dir = await mkdtemp(join(tmpdir(), "pass-builder-bench-"));
try {
  const paths = await ensureDevCredentials(dir, {
    passTypeIdentifier: PASS_TYPE_ID,
    teamIdentifier: TEAM_ID,
  });
  const [wwdrPem, signerCertPem, signerKeyPem] = await Promise.all([
    readFile(paths.wwdrCertPath, "utf8"),
    readFile(paths.signerCertPath, "utf8"),
    readFile(paths.signerKeyPath, "utf8"),
  ]);
  const credentials = loadAppleCredentials({
    wwdrPem,
    signerCertPem,
    signerKeyPem,
    passTypeIdentifier: PASS_TYPE_ID,
    teamIdentifier: TEAM_ID,
  });
  const design = sampleDesign();
  const cardNumber = (i: number) =>
    sampleCard({
      serialNumber: `card_${i}`,
      stamps: i % (design.stampGoal + 1),
      rewardsReady: i % 3,
    });

  const builder = new ApplePassBuilder({ credentials, webServiceURL: WEB_SERVICE_URL });
  const fast = (i: number) => builder.build(design, cardNumber(i));

  // Stock gets the very same files (images come from a warm cache as well), so the
  // difference is manifest, signature and zip.
  const images = new PassImageRenderer();
  const stock = async (i: number) => {
    const files = await assemblePassBundle({
      passTypeIdentifier: PASS_TYPE_ID,
      teamIdentifier: TEAM_ID,
      webServiceURL: WEB_SERVICE_URL,
      images,
      design,
      card: cardNumber(i),
    });
    const pass = new PKPass(Object.fromEntries(files.map((file) => [file.path, file.content])), {
      wwdr: wwdrPem,
      signerCert: signerCertPem,
      signerKey: signerKeyPem,
    });
    return pass.getAsBuffer();
  };

  const coldStart = performance.now();
  await fast(0);
  const coldMs = performance.now() - coldStart;

  const stockTimes = await measure(stock);
  const fastTimes = await measure(fast);
  const rows = [
    row("stock passkit-generator (node-forge RSA)", stockTimes),
    row("fast path (Node crypto RSA, cached artwork)", fastTimes),
  ];
  const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
  const stockP50 = percentile(stockTimes, 0.5);
  const fastP50 = percentile(fastTimes, 0.5);

  console.log(
    `\nApple pass build + sign, ${PASSES} passes after ${WARM_UP} warm-up (Node ${process.version})\n`,
  );
  console.log("| path | p50 ms | p99 ms | mean ms |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const line of rows) console.log(line);
  console.log(
    `| speed-up (stock / fast) | ${ratio(stockP50, fastP50)} | ${ratio(percentile(stockTimes, 0.99), percentile(fastTimes, 0.99))} | ${ratio(mean(stockTimes), mean(fastTimes))} |`,
  );
  console.log(`\nFirst fast pass with a cold artwork cache: ${coldMs.toFixed(1)} ms.`);
  const met = fastP50 <= 8 && stockP50 / fastP50 >= 5;
  console.log(`Goal (p50 ≤ 8 ms and ≥ 5× faster than stock): ${met ? "met" : "NOT met"}.`);
} finally {
  await rm(dir, { recursive: true, force: true });
}

async function measure(build: (i: number) => Promise<Buffer>): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await build(i);
  const times: number[] = [];
  for (let i = 0; i < PASSES; i++) {
    const start = performance.now();
    await build(i);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function row(name: string, sorted: number[]): string {
  const ms = (value: number) => value.toFixed(2);
  return `| ${name} | ${ms(percentile(sorted, 0.5))} | ${ms(percentile(sorted, 0.99))} | ${ms(mean(sorted))} |`;
}
