import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { StampServer } from "../../../e2e/support/stamp-server";
import { type BenchProbe, durableCount, installProbes, scanBurst, untilIdle } from "./page-probes";
import {
  scanSplit,
  scanTransactionsTable,
  scanVerifies,
  scanWindowTable,
} from "./scan-transactions";

export const KIOSK = fileURLToPath(new URL("..", import.meta.url));
/** Scans measured, after the warm-up's. */
export const SCANS = 500;
export const WARM_UP = 20;

/** Pause after the page is idle before the next scan; still far quicker than a real scanner. */
const SETTLE_MS = 100;

/** Builds the kiosk as it ships (React's production bundle, the service worker) into `dist`. */
export function buildKiosk(): void {
  process.stderr.write("bench: building the kiosk\n");
  execFileSync("npm", ["run", "build"], {
    cwd: KIOSK,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
}

export interface EnrolledCard {
  readonly cardId: string;
  readonly code: string;
}

/** A merchant with `count` cards on `server`, and a pairing code for its location. */
export async function enrollCards(
  server: StampServer,
  count: number,
): Promise<{ cards: EnrolledCard[]; pairing: string }> {
  const merchant = await server.createMerchant("Bench Bakery");
  const key = await server.apiKey(merchant.merchantId);
  const cards: EnrolledCard[] = [];
  for (let i = 0; i < count; i += 10)
    cards.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(10, count - i) }, () =>
          server.createCard(key, merchant.programId),
        ),
      )),
    );
  return { cards, pairing: await server.pairingCode(merchant.locationId) };
}

/** A till paired with `server` in Autopilot, the bench's probes installed before the app loads. */
export async function openAutopilot(
  browser: Browser,
  server: StampServer,
  pairing: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  await context.addInitScript(installProbes);
  const page = await context.newPage();
  await page.goto(`${server.url}/app/?pair=${pairing}`);
  await page.locator(".mode-card", { hasText: "Autopilot" }).click();
  await page.getByTestId("pair-submit").click();
  await page.getByTestId("autopilot-status").waitFor();
  return { context, page };
}

/**
 * Scans `code` as the page's `index`-th scan (0-based) and waits until it is durable. On a loaded
 * machine a burst can stall past the wedge's gaps and be taken for typing, and nothing is written:
 * scanned once more, and the latency counted from the last suffix.
 */
export async function scanDurably(page: Page, code: string, index: number): Promise<void> {
  for (let tries = 0; (await page.evaluate(durableCount)) < index + 1; tries++) {
    if (tries === 2) throw new Error(`scan ${index} never became durable`);
    if (tries === 1) process.stderr.write(`bench: scan ${index} not durable after 5 s: again\n`);
    // A real scan takes over a second to type (160 keys at ~8 ms), so the next suffix never
    // lands on the previous scan's screen update and live queries: let the page settle first.
    await page.evaluate(untilIdle);
    await page.waitForTimeout(SETTLE_MS);
    await page.evaluate(scanBurst, code);
    const deadline = Date.now() + 5_000;
    while ((await page.evaluate(durableCount)) < index + 1 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 2));
  }
}

/** Each scan's time from its (last) suffix key to durable, sorted, for scans `from` to `to`. */
export function scanLatencies(
  probe: { readonly durable: readonly number[]; readonly suffix: readonly number[] },
  from: number,
  to: number,
): number[] {
  return probe.durable
    .slice(from, to)
    .map((at) => at - Math.max(...probe.suffix.filter((key) => key <= at)))
    .sort((a, b) => a - b);
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
}

/** Each scan's time from its (last) suffix key to its outcome on screen, sorted, for scans `from` on. */
export function shownLatencies(
  probe: { readonly suffix: readonly number[]; readonly shown: readonly number[] },
  scansFrom: number,
): number[] {
  return probe.shown
    .filter((at) => at >= scansFrom)
    .map((at) => at - Math.max(...probe.suffix.filter((key) => key <= at)))
    .sort((a, b) => a - b);
}

/** p50 / p95 of sorted times. */
export function p50p95(sorted: readonly number[]): string {
  return `${percentile(sorted, 0.5).toFixed(2)} / ${percentile(sorted, 0.95).toFixed(2)} ms`;
}

/** The scan rows of a till's probe: where the time went, WebCrypto hops, transactions per scan. */
export function scanReport(probe: BenchProbe, from: number, to: number): string {
  return [
    `scan → durable p50 / p95: ${p50p95(scanLatencies(probe, WARM_UP, WARM_UP + SCANS))}; → flash in the DOM: ${p50p95(shownLatencies(probe, from))}`,
    scanSplit(probe.transactions, probe.suffix, from),
    scanVerifies(probe, from, SCANS),
    scanTransactionsTable(probe.transactions, from, to, SCANS),
    scanWindowTable(probe, from, SCANS),
  ].join("\n");
}
