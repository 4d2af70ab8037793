// The till's log over a simulated year in Chromium (issue 16): `tsx bench/log-size-chromium.ts`.
// Debian's Chromium (playwright-core) opens a page Vite builds from the kiosk's own storage code
// (bench/chromium-log): stamps written by `writeEvents`, sync answers stored by `syncOnce`, folds
// by `pruneLog`, in a persistent profile on disk. A till stamps and syncs BENCH_CHROMIUM_LOG_DAYS
// (365) without folding — a till updated to a version that folds — then folds once, then stamps
// one more day and folds again (the app folds every 6 hours of syncing: a day's fold is more than
// it ever has to do). Prints `navigator.storage.estimate()` before and after the first fold, each
// once the browser restarted (IndexedDB's LevelDB files settle when it closes: right after many
// writes or deletes the estimate counts its write-ahead log), right after it too, and each fold's
// duration; the LevelDB files at each restart's estimate (tables apart from the write-ahead log),
// the estimate after BENCH_CHROMIUM_LOG_MORE_DAYS (7) more days each folded, and the medians of
// BENCH_CHROMIUM_LOG_WRITES (300) pulled pages of 25 new events and stamps written one at a time.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { CHROMIUM, CHROMIUM_ARGS } from "../../../e2e/support/chromium";
import type { LogBench } from "./chromium-log/page";
import { CARDS, OTHERS_PER_DAY, OWN_PER_DAY, SYNCS_PER_DAY } from "./stamp-year";

const DAYS = Number(process.env.BENCH_CHROMIUM_LOG_DAYS ?? 365);
/** Days stamped and folded (once a day) after the next day's fold, before a last restart. */
const MORE_DAYS = Number(process.env.BENCH_CHROMIUM_LOG_MORE_DAYS ?? 7);
/** Pulled pages and stamps written one at a time at the end, for their medians. */
const WRITES = Number(process.env.BENCH_CHROMIUM_LOG_WRITES ?? 300);
/** Days simulated per call into the page: progress on stderr between them. */
const STEP_DAYS = 30;
const PAGE = fileURLToPath(new URL("./chromium-log", import.meta.url));
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript" };

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

type Usage = Awaited<ReturnType<LogBench["usage"]>>;
interface Till {
  readonly rows: Record<string, number>;
  readonly before: Usage;
  readonly fold: Awaited<ReturnType<LogBench["fold"]>>;
  readonly justAfter: Usage;
  readonly after: Usage;
  readonly rowsAfter: Record<string, number>;
  readonly writeS: number;
  /** The fold after one more day of stamping. */
  readonly nextDay: Awaited<ReturnType<LogBench["fold"]>>;
  /** After `MORE_DAYS` more days, each folded, browser restarted. */
  readonly later: Usage;
  /** LevelDB's files of the profile's IndexedDB when each restart's estimate was taken. */
  readonly disk: { readonly before: Disk; readonly after: Disk; readonly later: Disk };
  readonly writes: Awaited<ReturnType<LogBench["writes"]>>;
}

interface Disk {
  readonly tables: number;
  readonly log: number;
}

/** The sizes of the profile's IndexedDB LevelDB files, tables (`.ldb`) apart from the rest. */
function diskOf(profile: string): Disk {
  const root = join(profile, "Default", "IndexedDB");
  let tables = 0;
  let log = 0;
  for (const dir of readdirSync(root).filter((d) => d.endsWith(".leveldb")))
    for (const file of readdirSync(join(root, dir))) {
      const size = statSync(join(root, dir, file)).size;
      if (file.endsWith(".ldb")) tables += size;
      else log += size;
    }
  return { tables, log };
}

const bench = (page: Page) =>
  page.evaluateHandle(() => (window as unknown as { logBench: LogBench }).logBench);

async function open(
  profile: string,
  url: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await page.waitForFunction(() => "logBench" in window);
  return { context, page };
}

/** A till over `DAYS` that never folded, then folds; then a day more, and folds again. */
async function till(url: string): Promise<Till> {
  const profile = mkdtempSync(join(tmpdir(), "stamp-log-chromium-"));
  try {
    let { context, page } = await open(profile, url);
    const started = performance.now();
    for (let day = 0; day < DAYS; day += STEP_DAYS) {
      const to = Math.min(DAYS, day + STEP_DAYS);
      const days = [day, to] as const;
      await (await bench(page)).evaluate((lb, [from, until]) => lb.days(from, until), days);
      log(`day ${to}`);
    }
    const writeS = (performance.now() - started) / 1000;
    await context.close();
    ({ context, page } = await open(profile, url));
    let b = await bench(page);
    const rows = await b.evaluate((lb) => lb.rows());
    const before = await b.evaluate((lb) => lb.usage());
    const diskBefore = diskOf(profile);
    const fold = await b.evaluate((lb, d) => lb.fold(d), DAYS - 1);
    const justAfter = await b.evaluate((lb) => lb.usage());
    const rowsAfter = await b.evaluate((lb) => lb.rows());
    await context.close();
    ({ context, page } = await open(profile, url));
    b = await bench(page);
    const after = await b.evaluate((lb) => lb.usage());
    const diskAfter = diskOf(profile);
    await b.evaluate((lb, d) => lb.days(d, d + 1), DAYS);
    const nextDay = await b.evaluate((lb, d) => lb.fold(d), DAYS);
    for (let day = DAYS + 1; day <= DAYS + MORE_DAYS; day++) {
      await b.evaluate((lb, d) => lb.days(d, d + 1), day);
      await b.evaluate((lb, d) => lb.fold(d), day);
    }
    await context.close();
    ({ context, page } = await open(profile, url));
    b = await bench(page);
    const later = await b.evaluate((lb) => lb.usage());
    const diskLater = diskOf(profile);
    const last = DAYS + MORE_DAYS + 1;
    const writes = await b.evaluate((lb, [d, n]) => lb.writes(d, n), [last, WRITES] as const);
    await context.close();
    const disk = { before: diskBefore, after: diskAfter, later: diskLater };
    return {
      rows,
      before,
      fold,
      justAfter,
      after,
      rowsAfter,
      writeS,
      nextDay,
      later,
      disk,
      writes,
    };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

const out = mkdtempSync(join(tmpdir(), "stamp-log-page-"));
const server = createServer((request, response) => {
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  const file = join(out, path === "/" ? "index.html" : path);
  try {
    const body = readFileSync(file);
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
});
try {
  await build({
    configFile: false,
    root: PAGE,
    base: "./",
    logLevel: "warn",
    build: { outDir: out, emptyOutDir: true, target: "es2022" },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // 127.0.0.1 is a secure context: navigator.storage is there, as on the shop's HTTPS.
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const loadBefore = loadavg()[0] as number;
  const t = await till(url);
  // IndexedDB's work runs in the browser's processes: on a shared machine the others' load shows.
  const load = `load average ${loadBefore.toFixed(1)} → ${(loadavg()[0] as number).toFixed(1)} on ${availableParallelism()} cores`;
  const mb = (bytes: number | null) => (bytes === null ? "–" : (bytes / 1024 / 1024).toFixed(1));
  const files = (d: Disk) => `${mb(d.tables)} + ${mb(d.log)}`;
  const n = (count: number | undefined) => (count ?? 0).toLocaleString("en");
  const folded = (f: Till["fold"]) =>
    `${(f.ms / 1000).toFixed(1)} s (${n(f.folded)} cards, ${n(f.dropped)} events)`;
  const lines = [
    `### A till's IndexedDB in Chromium: ${OWN_PER_DAY} own + ${OTHERS_PER_DAY} pulled stamps a day on ${CARDS.toLocaleString("en")} cards, ${SYNCS_PER_DAY} syncs a day, ${DAYS} days never folded (kiosk storage code, Debian Chromium, persistent profile; writing the days took ${t.writeS.toFixed(0)} s; ${load})`,
    "| | before the first fold | right after it | after it, browser restarted |",
    "| --- | ---: | ---: | ---: |",
    `| log rows | ${n(t.rows.log)} | ${n(t.rowsAfter.log)} | |`,
    `| placement rows | ${n(t.rows.placements)} | ${n(t.rowsAfter.placements)} | |`,
    `| snapshot rows | ${n(t.rows.snapshots)} | ${n(t.rowsAfter.snapshots)} | |`,
    `| estimate().usage, MB (IndexedDB) | ${mb(t.before.usage)} (${mb(t.before.indexedDB)}) | ${mb(t.justAfter.usage)} (${mb(t.justAfter.indexedDB)}) | ${mb(t.after.usage)} (${mb(t.after.indexedDB)}) |`,
    `| LevelDB tables + rest on disk, MB | ${files(t.disk.before)} | | ${files(t.disk.after)} |`,
    "",
    `After ${MORE_DAYS} more days, each folded, browser restarted: estimate().usage ${mb(t.later.usage)} MB, LevelDB ${files(t.disk.later)} MB.`,
    "",
    "| fold | duration |",
    "| --- | ---: |",
    `| the first, of ${DAYS} days | ${folded(t.fold)} |`,
    `| the next, after one more day | ${folded(t.nextDay)} |`,
    "",
    `| write, median of ${WRITES} | ms |`,
    "| --- | ---: |",
    `| a pulled page of 25 events, one transaction (sync's connection, relaxed) | ${t.writes.pageMs.toFixed(1)} |`,
    `| a stamp by writeEvents (screens' connection, strict) | ${t.writes.stampMs.toFixed(1)} |`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
} finally {
  server.close();
  rmSync(out, { recursive: true, force: true });
}
