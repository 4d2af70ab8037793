/**
 * Ingest A/B (issue 13): the SQLite ingest of bench/run.ts ("one till at a time": four tills take
 * turns pushing 500-event batches over HTTP to the real server process) run on several stampd
 * bundles interleaved — each round copies one seeded data dir and runs every bundle on its own copy
 * in turn, so the machine's load falls on all of them alike. Per measured batch (after WARM batches
 * to warm the JIT), the server's CPU from /proc (user and system), and from `ingest-probe.mjs`,
 * loaded into each server, what the V8 heap did: bytes allocated, scavenges, bytes promoted,
 * mark-compacts (counts that hold under load). AB_STRACE=1 counts the server's system calls over
 * the measured batches too (`strace -c`).
 * AB_BUNDLES: bundle paths, comma-separated (default dist/stampd.mjs, as built; build others with
 * `npm run build` and copy them, with their stampd-*.mjs chunks, under dist/ so their npm packages
 * resolve), each optionally with node flags of its own after a `|` (space-separated:
 * `dist/stampd.mjs|--max-semi-space-size=16` A/Bs a V8 setting on one bundle); AB_ROUNDS (3);
 * AB_BATCHES (60) measured per run. Each run also reports the server's peak RSS (VmHWM), what a V8
 * setting costs in memory.
 * AB_DATABASE=PostgreSQL (any case) runs it on PostgreSQL (a throwaway cluster; each run on its
 * own copy of the seeded database, `CREATE DATABASE … TEMPLATE`), and adds per batch PostgreSQL's
 * CPU (/proc), the statements it sent (`pg-statements-probe.mjs`) and the WAL it wrote
 * (`pg_current_wal_lsn()` before and after).
 */

import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { enrollCard } from "../src/cards/enroll-card";
import { loadConfig } from "../src/config";
import { createPairingCode } from "../src/devices/create-pairing-code";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import { type PostgresCluster, startPostgresCluster } from "../test/postgres-cluster";
import { buildBundle, type SpawnedServer, STAMPD_BUNDLE, spawnServer } from "../test/spawn-server";
import { createDatabase, databaseSettings, peakRssMb } from "./bench-support";
import { ingestOnPostgres, type PostgresRun } from "./ingest-ab-postgres";
import { ingestBatches } from "./ingest-batches";
import { type IngestTill, pairIngestTill, pushIngestBatch } from "./ingest-till";
import { probeLine } from "./probe-line";

/** A bundle to run and the node flags it runs with (after the ones stampd asks for). */
const BUNDLES = (process.env.AB_BUNDLES?.split(",") ?? [STAMPD_BUNDLE]).map((spec) => {
  const [bundle, flags = ""] = spec.split("|") as [string, string?];
  const name = `${bundle.split("/").pop()}${flags ? ` ${flags}` : ""}`;
  return { bundle, flags: flags.split(" ").filter((flag) => flag !== ""), name };
});
const ROUNDS = Number(process.env.AB_ROUNDS ?? 3);
const BATCHES = Number(process.env.AB_BATCHES ?? 60);
const WARM = 10;
const BATCH = 500;
const TILLS = 4;
const CARDS = 1_000;
const PROBE = fileURLToPath(new URL("./ingest-probe.mjs", import.meta.url));

type HeapCounts = Record<"allocated" | "scavenges" | "promoted" | "markCompacts", number>;

/** User and system CPU a process has used so far, in ms. */
function userSystemMs(pid: number): { user: number; system: number } {
  const fields = (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1] ?? "").split(" ");
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

/** The server's probe's counts so far (`ingest-probe.mjs`). */
const heapCounts = (server: SpawnedServer) => probeLine<HeapCounts>(server, "ingest-probe");

/** `strace -c` on a process until the returned function is called; that resolves to its table. */
function countSystemCalls(pid: number): () => Promise<string> {
  const strace: ChildProcess = spawn("strace", ["-c", "-f", "-p", String(pid)], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let table = "";
  strace.stderr?.on("data", (chunk: Buffer) => {
    table += chunk.toString();
  });
  return async () => {
    const exited = new Promise((resolve) => strace.once("exit", resolve));
    strace.kill("SIGINT");
    await exited;
    return table.slice(table.indexOf("% time"));
  };
}

if (!process.env.AB_BUNDLES) buildBundle();
const root = mkdtempSync(join(tmpdir(), "stamp-ingest-ab-"));
const seeded = join(root, "seeded");
const cluster: PostgresCluster | null =
  process.env.AB_DATABASE?.toLowerCase() === "postgresql" ? startPostgresCluster() : null;
const seededUrl = cluster ? await createDatabase(cluster, "seeded") : null;
const services = await openServices(
  { ...loadConfig({}), dataDir: seeded, ...databaseSettings(seededUrl).config },
  createLogger("warn"),
  "http://localhost",
);
const merchant = await createMerchant(services, "Bench Cafe");
const cards: string[] = [];
for (let i = 0; i < CARDS; i++) {
  const answer = await enrollCard(services, { ...merchant, source: "api" });
  if (!("kind" in answer) || answer.kind !== "answer") throw new Error("enrolment failed");
  cards.push(JSON.parse(answer.response.body).cardId);
}
// Every run pairs its tills with these codes on its own copy of the data dir.
const codes: string[] = [];
for (let i = 0; i < TILLS; i++) {
  const created = await createPairingCode(services, merchant);
  if (!created.ok) throw new Error(created.reason);
  codes.push(created.code);
}
await services.storage.close();

/** One run of a bundle: CPU ms per measured batch and the heap's counts per batch. */
async function measure({ bundle, flags, name }: (typeof BUNDLES)[number], dir: string) {
  cpSync(seeded, dir, { recursive: true });
  const postgres: PostgresRun | null = cluster
    ? await ingestOnPostgres(cluster, "seeded", dir.split("/").pop()?.replace(/-/g, "_") ?? "")
    : null;
  const server = await spawnServer(
    dir,
    { ...postgres?.env, NODE_OPTIONS: `--import=${PROBE}${postgres?.probe ?? ""}` },
    bundle,
    flags,
  );
  try {
    const tills: IngestTill[] = [];
    for (const code of codes) tills.push(await pairIngestTill(server, code));
    const batches = ingestBatches(tills, merchant, () => cards, WARM + BATCHES, BATCH);
    const pid = server.child.pid as number;
    let before = { cpu: userSystemMs(pid), heap: await heapCounts(server) };
    let systemCalls: (() => Promise<string>) | null = null;
    for (const [b, batch] of batches.entries()) {
      if (b === WARM) {
        await postgres?.start(server);
        before = { cpu: userSystemMs(pid), heap: await heapCounts(server) };
        if (process.env.AB_STRACE) systemCalls = countSystemCalls(pid);
      }
      const till = tills[batch.device] as (typeof tills)[number];
      await pushIngestBatch(server, till, batch.events);
    }
    const database = await postgres?.end(server, BATCHES);
    const cpu = userSystemMs(pid);
    const heap = await heapCounts(server);
    const rss = peakRssMb(pid);
    if (systemCalls) process.stderr.write(`${name}: system calls\n${await systemCalls()}\n`);
    const per = (key: keyof HeapCounts) => (heap[key] - before.heap[key]) / BATCHES;
    return {
      user: (cpu.user - before.cpu.user) / BATCHES,
      system: (cpu.system - before.cpu.system) / BATCHES,
      allocatedMb: per("allocated") / 1e6,
      scavenges: per("scavenges"),
      promotedMb: per("promoted") / 1e6,
      markCompacts: per("markCompacts"),
      rss,
      database,
    };
  } finally {
    await server.stop();
    await postgres?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  for (let round = 0; round < ROUNDS; round++)
    for (const [i, run] of BUNDLES.entries()) {
      const m = await measure(run, join(root, `run-${round}-${i}`));
      console.log(
        [
          `${run.name} round ${round}: CPU ms/batch ${(m.user + m.system).toFixed(1)}`,
          `(user ${m.user.toFixed(1)}, system ${m.system.toFixed(1)});`,
          `allocated ${m.allocatedMb.toFixed(2)} MB, scavenges ${m.scavenges.toFixed(2)},`,
          `promoted ${m.promotedMb.toFixed(2)} MB, mark-compacts ${m.markCompacts.toFixed(3)};`,
          `peak RSS ${m.rss.toFixed(1)} MB`,
          ...(m.database ? [`| ${m.database}`] : []),
        ].join(" "),
      );
    }
} finally {
  cluster?.stop();
  rmSync(root, { recursive: true, force: true });
}
