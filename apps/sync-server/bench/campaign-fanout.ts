/**
 * Campaign fan-out (issue 15): one campaign to 100,000 cards, each with an Apple registration,
 * through a local APNs fake (HTTP/2 over TLS, up to 1,000 streams per connection) to the real
 * server process. Measures the time from the API call to the last push, passes pushed per second
 * and the server's peak RSS; a second run stops the server (SIGTERM) mid-campaign and starts
 * another on the same database, and counts devices pushed twice. Goal: ≤ 30 s, ≤ 300 MB, none
 * twice. BENCH_NODE_FLAG_SETS: node flag sets for the server, semicolon-separated, each after
 * stampd's own (an empty set: stampd's line as it is); then each database runs the campaign once
 * per set, in turns, each on cards of its own, and no SIGTERM runs (an A/B of a V8 setting's cost
 * in peak RSS and CPU).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { printTable } from "../../../scripts/bench-table";
import { ApnsFake } from "../test/apns-fake";
import { startPostgresCluster } from "../test/postgres-cluster";
import { buildBundle, type SpawnedServer, STAMPD_BUNDLE, spawnServer } from "../test/spawn-server";
import { clusterCpuMs, cpuSeconds, createDatabase, peakRssMb } from "./bench-support";
import { type CampaignSetup, setUpCampaignCards } from "./campaign-setup";

const CARDS = Number(process.env.BENCH_CAMPAIGN_CARDS ?? 100_000);
const GOAL_SECONDS = 30;
const GOAL_RSS_MB = 300;
const FLAG_SETS = process.env.BENCH_NODE_FLAG_SETS?.split(";").map((set) =>
  set.split(" ").filter((flag) => flag !== ""),
);

async function run(
  label: string,
  setup: CampaignSetup,
  restartAt: number | null,
  /** The PostgreSQL cluster's data directory, for its CPU; null on SQLite. */
  clusterDir: string | null = null,
  flags: readonly string[] = [],
): Promise<Record<string, string | number>> {
  const apns = await ApnsFake.start();
  const env = { ...setup.env, ...apns.env, WALLET_PUSH_INTERVAL_MS: "50" };
  const servers: SpawnedServer[] = [await spawnServer(setup.dataDir, env, STAMPD_BUNDLE, flags)];
  const pidOf = (server: SpawnedServer | undefined) => server?.child.pid as number;
  // CPU the campaign cost the server processes (their start-up left out).
  let cpu = -cpuSeconds(pidOf(servers[0]));
  // This process's: the APNs fake's TLS and HTTP/2 work (and the bench's), a limit of its own.
  const benchCpu = process.cpuUsage();
  const databaseCpu = clusterDir === null ? 0 : clusterCpuMs(clusterDir);
  const started = performance.now();
  const made = await fetch(`${servers[0]?.url}/api/v1/campaigns`, {
    method: "POST",
    headers: { authorization: `Bearer ${setup.key}`, "content-type": "application/json" },
    body: JSON.stringify({
      programId: setup.programId,
      name: "Bench",
      message: { en: "Pumpkin latte is back" },
      audience: { kind: "everyone" },
    }),
  });
  if (made.status !== 201) throw new Error(`campaign refused: ${await made.text()}`);
  let rss = 0;
  let resumed = "–";
  if (restartAt !== null) {
    await apns.reached(restartAt);
    const first = servers[0] as SpawnedServer;
    rss = peakRssMb(pidOf(first));
    cpu += cpuSeconds(pidOf(first));
    const stopping = performance.now();
    await first.stop("SIGTERM");
    const exited = performance.now();
    servers.push(await spawnServer(setup.dataDir, env, STAMPD_BUNDLE, flags));
    cpu -= cpuSeconds(pidOf(servers[1]));
    // Then to the next instance's first push: its start, and any lease it waits out.
    await apns.reached(apns.total + 1);
    const seconds = (from: number, to: number) => ((to - from) / 1000).toFixed(1);
    resumed = `${seconds(stopping, exited)} + ${seconds(exited, performance.now())}`;
  }
  await apns.reached(CARDS);
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(benchCpu);
  const dbCpuMs = clusterDir === null ? 0 : clusterCpuMs(clusterDir);
  const last = servers.at(-1) as SpawnedServer;
  rss = Math.max(rss, peakRssMb(pidOf(last)));
  cpu += cpuSeconds(pidOf(last));
  const pushedBeforeStop = restartAt === null ? "–" : restartAt.toLocaleString("en-US");
  await Promise.all(servers.map((s) => s.stop()));
  await apns.close();
  return {
    run: label,
    cards: CARDS,
    "restart after": pushedBeforeStop,
    "devices pushed": apns.pushes.size,
    "pushed twice": apns.doubled().length,
    seconds: Number(seconds.toFixed(1)),
    "SIGTERM → exit + → next push, s": resumed,
    "pushes/s": Math.round(apns.pushes.size / seconds),
    "peak RSS MB": Math.round(rss),
    "server CPU s": Number(cpu.toFixed(1)),
    "APNs fake CPU s": Number(((user + system) / 1e6).toFixed(1)),
    "PostgreSQL CPU s": clusterDir === null ? "–" : ((dbCpuMs - databaseCpu) / 1000).toFixed(1),
    [`≤ ${GOAL_SECONDS} s, ≤ ${GOAL_RSS_MB} MB`]:
      seconds <= GOAL_SECONDS && rss <= GOAL_RSS_MB ? "yes" : "NO",
  };
}

const setUp = (root: string, name: string, databaseUrl: string | null) =>
  setUpCampaignCards(root, name, databaseUrl, CARDS);

async function main(): Promise<void> {
  buildBundle();
  const root = mkdtempSync(join(tmpdir(), "stamp-bench-campaign-"));
  const rows: Record<string, string | number>[] = [];
  try {
    if (FLAG_SETS) {
      const cluster = startPostgresCluster();
      try {
        for (const database of ["SQLite", "PostgreSQL"])
          for (const [i, flags] of FLAG_SETS.entries()) {
            const url =
              database === "PostgreSQL" ? await createDatabase(cluster, `campaign_${i}`) : null;
            const label = `${database} [${i}: ${flags.join(" ") || "stampd's"}]`;
            const setup = await setUp(root, `${database}-${i}`, url);
            rows.push(await run(label, setup, null, url ? cluster.dataDir : null, flags));
          }
      } finally {
        cluster.stop();
      }
      printTable(
        "Campaign fan-out to Apple passes through an HTTP/2 APNs fake, by node flags",
        rows,
      );
      return;
    }
    rows.push(await run("SQLite", await setUp(root, "sqlite-a", null), null));
    rows.push(
      await run("SQLite, SIGTERM mid-campaign", await setUp(root, "sqlite-b", null), CARDS * 0.4),
    );
    const cluster = startPostgresCluster();
    try {
      const url = await createDatabase(cluster, "campaign_bench");
      rows.push(await run("PostgreSQL", await setUp(root, "pg-a", url), null, cluster.dataDir));
      const resumed = await createDatabase(cluster, "campaign_bench_restart");
      rows.push(
        await run(
          "PostgreSQL, SIGTERM mid-campaign",
          await setUp(root, "pg-b", resumed),
          CARDS * 0.4,
          cluster.dataDir,
        ),
      );
    } finally {
      cluster.stop();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  printTable("Campaign fan-out to Apple passes through an HTTP/2 APNs fake", rows);
}

await main();
