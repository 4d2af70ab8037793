import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { PostgresCluster } from "../test/postgres-cluster";
import { buildBundle, STAMPD_BUNDLE } from "../test/spawn-server";

/** The bench's SECRETS_KEY: PostgreSQL instances keep their signing keys sealed with it. */
const SECRETS_KEY = randomBytes(32);

/** The server's settings for a database: SQLite in DATA_DIR (null), or PostgreSQL with the key. */
export function databaseSettings(databaseUrl: string | null): {
  readonly config: { readonly databaseUrl: string | null; readonly secretsKey: Uint8Array | null };
  readonly env: Record<string, string>;
} {
  if (!databaseUrl) return { config: { databaseUrl, secretsKey: null }, env: {} };
  return {
    config: { databaseUrl, secretsKey: new Uint8Array(SECRETS_KEY) },
    env: { DATABASE_URL: databaseUrl, SECRETS_KEY: SECRETS_KEY.toString("base64") },
  };
}

/** A process's peak resident memory so far (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Linux counts process CPU time in clock ticks of 1/100 s (USER_HZ). */
const TICK_MS = 10;

/**
 * CPU time (user + system) a process has used so far, in ms, with that of its children it has
 * reaped when `reaped` (PostgreSQL's postmaster: backends that have exited); 0 once it is gone.
 */
export function cpuMs(pid: number, reaped = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    const own = Number(fields[11]) + Number(fields[12]);
    return (reaped ? own + Number(fields[13]) + Number(fields[14]) : own) * TICK_MS;
  } catch {
    return 0;
  }
}

/**
 * CPU time used so far by a PostgreSQL cluster's server and its backends, live and exited (the
 * processes whose parent is the postmaster `postmaster.pid` names), in ms.
 */
export function clusterCpuMs(dataDir: string): number {
  const postmaster = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  let total = cpuMs(postmaster, true);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.split(" ")[1];
      if (Number(parent) === postmaster) total += cpuMs(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/**
 * The PostgreSQL backends connected to `database` now (a server's connections: their title is
 * `postgres: user database …`), each by its pid and start time (pids are reused), with the CPU
 * ms it has used so far.
 */
export function backendCpus(database: string): Map<string, number> {
  const backends = new Map<string, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0")[0] ?? "";
      if (!title.startsWith("postgres: ") || title.split(" ")[2] !== database) continue;
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      const cpu = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
      backends.set(`${entry}@${fields[19]}`, cpu);
    } catch {
      // gone meanwhile
    }
  }
  return backends;
}

/**
 * CPU time so far of the backends connected to `database`, those that have exited included: a
 * server's pool ends connections idle for a while (10 s), and a backend's CPU leaves /proc with it
 * (into its postmaster's reaped children's, which `clusterCpuMs` counts but cannot tell apart).
 * Each backend keeps the CPU of its last reading, and one is taken every `everyMs`: a backend the
 * pool ends has been idle since, so the reading before its end holds all it used.
 */
export class BackendsCpu {
  readonly #database: string;
  /** Every backend read so far → its CPU ms at its last reading. */
  readonly #seen = new Map<string, number>();
  readonly #timer: NodeJS.Timeout;

  constructor(database: string, everyMs = 1_000) {
    this.#database = database;
    this.read();
    this.#timer = setInterval(() => this.read(), everyMs);
    this.#timer.unref();
  }

  /** CPU ms its backends have used so far, live and exited. */
  read(): number {
    for (const [backend, cpu] of backendCpus(this.#database)) this.#seen.set(backend, cpu);
    let total = 0;
    for (const cpu of this.#seen.values()) total += cpu;
    return total;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

/** CPU time a process has used so far (user + system), in seconds (see `cpuMs`). */
export function cpuSeconds(pid: number): number {
  return cpuMs(pid) / 1000;
}

/** `1234.5` → "1,235": figures as the tables print them. */
export const whole = (n: number) => Math.round(n).toLocaleString("en-US");

const HELLO_WORLD = `
import { serve } from "@hono/node-server";
import { Hono } from "hono";
const app = new Hono().get("/", (c) => c.text("Hello Hono!"));
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
  process.stdout.write(JSON.stringify({ port: info.port }) + "\\n"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`;

/**
 * Hono's hello world on @hono/node-server in a process of its own, as the server runs: the
 * yardstick the issue measures sync rounds against, on the same machine in the same run.
 */
export function startHelloWorld(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", HELLO_WORLD], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.once("data", (chunk: Buffer) => {
      const { port } = JSON.parse(chunk.toString()) as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, child });
    });
    child.once("exit", (code) => reject(new Error(`hello world exited (${code})`)));
  });
}

/** An empty database of that name in the bench's own cluster. */
export async function createDatabase(cluster: PostgresCluster, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return url.href;
}

/**
 * The stampd bundle a bench spawns: BENCH_BUNDLE, another commit's `dist/stampd.mjs` copied beside
 * this one's under another name, with its `dist/stampd-*.mjs` chunks (it finds its package from
 * there, and its chunks by their hashed names), for A/B runs in turns from one tree (CPU per
 * round holds under load where seconds do not); else this tree's, built now.
 */
export function benchBundle(): string {
  const other = process.env.BENCH_BUNDLE;
  if (other) return other;
  buildBundle();
  return STAMPD_BUNDLE;
}
