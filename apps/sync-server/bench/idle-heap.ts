/**
 * Idle heap (issues 13 §4, 16): what a stampd holds before any till syncs — the modules it loaded
 * and what they keep. Each of BENCH_BUNDLES (comma-separated, default this tree's, built; copies
 * of other builds, with their chunks, under dist/ so their npm packages resolve) starts on a fresh
 * SQLite data dir, BENCH_ROUNDS (3) times in turns; once it listens, `idle-heap-probe.mjs` collects garbage fully
 * and reports the live heap, Buffers outside it and RSS. Counts of bytes alive, not of time: they
 * hold on a shared machine. BENCH_DATABASE_URL: a PostgreSQL database instead (each start migrates
 * it if needed). BENCH_HEAP_SNAPSHOT_DIR: each start also writes a heap snapshot there.
 * BENCH_RESTART=1: each bundle's data dir is started once before it is measured, as a server
 * restarts: a first start also makes the demo merchant and the local CA's certificate (x509
 * libraries loaded and kept), which a restart does not.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { printTable } from "../../../scripts/bench-table";
import { buildBundle, STAMPD_BUNDLE, spawnServer } from "../test/spawn-server";
import { databaseSettings } from "./bench-support";
import { probeLine } from "./probe-line";

const BUNDLES = process.env.BENCH_BUNDLES?.split(",") ?? [STAMPD_BUNDLE];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PROBE = fileURLToPath(new URL("./idle-heap-probe.mjs", import.meta.url));
const database = databaseSettings(process.env.BENCH_DATABASE_URL ?? null);
const RESTART = process.env.BENCH_RESTART === "1";

interface IdleHeap {
  readonly heapUsed: number;
  readonly code: number;
  readonly external: number;
  readonly rss: number;
}

if (!process.env.BENCH_BUNDLES) buildBundle();
const root = mkdtempSync(join(tmpdir(), "stamp-bench-idle-heap-"));
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const rows: Record<string, string>[] = [];
try {
  for (let round = 0; round < ROUNDS; round++)
    for (const [i, bundle] of BUNDLES.entries()) {
      const dir = join(root, `${round}-${i}`);
      const env = { ...database.env, NODE_OPTIONS: `--import=${PROBE}` };
      if (RESTART) await (await spawnServer(dir, database.env, bundle)).stop();
      const server = await spawnServer(dir, env, bundle, ["--expose-gc"]);
      try {
        const heap = await probeLine<IdleHeap>(server, "idle-heap");
        rows.push({
          bundle: bundle.split("/").pop() as string,
          round: String(round),
          "live heap, MB": mb(heap.heapUsed),
          "of which code, MB": mb(heap.code),
          "Buffers outside, MB": mb(heap.external),
          "RSS, MB": mb(heap.rss),
        });
      } finally {
        await server.stop();
      }
    }
  printTable(
    `Idle heap: a stampd just ${RESTART ? "restarted" : "started on a new install"} (${database.env.DATABASE_URL ? "PostgreSQL" : "SQLite"}), after two full GCs`,
    rows,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
