/**
 * Wallet pass bench (issue 5): 500 Apple passes built and signed through the server's PassService,
 * the way `GET /passes/:serial.pkpass` and the PassKit web service make them (card, pass row and
 * locations read from SQLite, program design mapped, pass-builder's fast signer). Stock
 * passkit-generator against the fast path on the same files is pass-builder's own bench
 * (`npm run bench -w packages/pass-builder`); it is not repeated here.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { enrollCard } from "../src/cards/enroll-card";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import { passCodes } from "../src/vouchers/scan-code";
import { openWallet } from "../src/wallet/open-wallet";

const PASSES = 500;

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

const dataDir = mkdtempSync(join(tmpdir(), "stamp-bench-wallet-"));
try {
  const config = { ...loadConfig({}), dataDir };
  const services = await openServices(config, createLogger("warn"), "https://stamp.example");
  const merchant = await createMerchant(services, "Bench Cafe");
  const cards: string[] = [];
  for (let i = 0; i < PASSES; i++) {
    const answer = await enrollCard(services, {
      merchantId: merchant.merchantId,
      programId: merchant.programId,
      source: "api",
    });
    if ("code" in answer || answer.kind !== "answer") throw new Error("enrolment failed");
    cards.push((JSON.parse(answer.response.body) as { cardId: string }).cardId);
  }
  const wallet = await openWallet(
    config.wallet,
    dataDir,
    services.publicUrl,
    Date.now,
    passCodes(services),
    services.storage.wallet,
    services.storage.store,
  );
  // The first pass of a design renders its artwork; warm it as a running server would be.
  await wallet.passes.applePass(cards[0] as string);

  const total: number[] = [];
  const buildSign: number[] = [];
  for (const cardId of cards) {
    const t0 = performance.now();
    const source = await wallet.passes.source(cardId);
    if (!source) throw new Error("card vanished");
    const t1 = performance.now();
    await wallet.passes.buildApple(source);
    const t2 = performance.now();
    total.push(t2 - t0);
    buildSign.push(t2 - t1);
  }
  const row = (name: string, samples: number[]) => {
    const sorted = [...samples].sort((a, b) => a - b);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    return `| ${name.padEnd(44)} | ${percentile(sorted, 50).toFixed(2).padStart(6)} | ${percentile(sorted, 99).toFixed(2).padStart(6)} | ${mean.toFixed(2).padStart(7)} |`;
  };
  process.stdout.write(
    [
      "",
      `Wallet passes through the server's PassService, ${PASSES} cards (goal ≤ 8 ms per pass)`,
      "",
      `| ${"path".padEnd(44)} | p50 ms | p99 ms | mean ms |`,
      `| ${"-".repeat(44)} | -----: | -----: | ------: |`,
      row("build + sign (pass-builder fast path)", buildSign),
      row("SQLite reads + design + build + sign", total),
      "",
      "Stock passkit-generator vs the fast path: npm run bench -w packages/pass-builder",
      "",
    ].join("\n"),
  );
  await wallet.close();
  await services.storage.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
