import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { PostgresCluster } from "../test/postgres-cluster";

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

/**
 * CPU time a process has used so far (user + system), in seconds: on a machine others share, the
 * work a run cost where its wall-clock time says little.
 */
export function cpuSeconds(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat (after the name in parentheses), in ticks of 1/100 s.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
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
