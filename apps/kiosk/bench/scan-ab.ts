/**
 * The scan rows, A/B in one run: this tree's build (A) against another build (B, e.g. main's
 * `dist`), each served by its own server to its own Autopilot till, their scans interleaved one by
 * one in alternating order so the machine's load falls on both alike.
 *
 *   tsx bench/scan-ab.ts <B's kiosk dist directory>
 */
import { loadavg } from "node:os";
import type { Page } from "playwright-core";
import { launchChromium } from "../../../e2e/support/chromium";
import { StampServer } from "../../../e2e/support/stamp-server";
import { probeTimes } from "./page-probes";
import {
  buildKiosk,
  type EnrolledCard,
  enrollCards,
  openAutopilot,
  SCANS,
  scanDurably,
  scanReport,
  WARM_UP,
} from "./scan-till";

interface Till {
  readonly name: string;
  readonly cards: EnrolledCard[];
  readonly page: Page;
  from: number;
}

async function main(): Promise<void> {
  const other = process.argv[2];
  if (other === undefined) throw new Error("usage: tsx bench/scan-ab.ts <B's kiosk dist>");
  buildKiosk();
  const servers = [
    await StampServer.start({ bundle: true }),
    await StampServer.start({ bundle: true, env: { KIOSK_DIST: other } }),
  ];
  const browser = await launchChromium();
  try {
    const tills: Till[] = [];
    for (const [index, server] of servers.entries()) {
      const { cards, pairing } = await enrollCards(server, WARM_UP + SCANS);
      const { page } = await openAutopilot(browser, server, pairing);
      tills.push({
        name: index === 0 ? "A (this tree)" : `B (${other})`,
        cards,
        page,
        from: 0,
      });
    }
    const loads: number[] = [];
    for (let i = 0; i < WARM_UP + SCANS; i++) {
      if (i % 50 === 0) loads.push(loadavg()[0] ?? 0);
      for (const till of i % 2 === 0 ? tills : [...tills].reverse()) {
        if (i === WARM_UP) till.from = await till.page.evaluate(() => performance.now());
        await scanDurably(till.page, (till.cards[i] as EnrolledCard).code, i);
      }
    }
    const report = [
      `${SCANS} scans each, interleaved; load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
    ];
    for (const till of tills) {
      const probe = await till.page.evaluate(probeTimes);
      const to = await till.page.evaluate(() => performance.now());
      report.push(`\n${till.name}:`, scanReport(probe, till.from, to));
    }
    process.stdout.write(`${report.join("\n")}\n`);
  } finally {
    await browser.close();
    for (const server of servers) await server.stop();
  }
}

await main();
