import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PIN_HASH_COSTS } from "@stamp/wire-protocol";
import { PASSWORD_HASH_COSTS } from "../src/admin/password";
import type { StartupSummary } from "../src/startup-banner";

/** `npm run stampd`: the CLI over the TypeScript sources (tsx). */
export const STAMPD_SOURCES = fileURLToPath(new URL("../bin/stampd.mjs", import.meta.url));
/**
 * What `npm start` runs: the bundle `npm run build` makes (its #! line carries the same flags).
 * The tests' processes run it too (built once per run by the global setup): it starts on half the
 * CPU of the sources, which tsx compiles in every process.
 */
export const STAMPD_BUNDLE = fileURLToPath(new URL("../dist/stampd.mjs", import.meta.url));
const BUILD = fileURLToPath(new URL("../scripts/build.mjs", import.meta.url));

/** Builds STAMPD_BUNDLE from the current sources. */
export function buildBundle(): void {
  execFileSync(process.execPath, [BUILD], { stdio: ["ignore", "ignore", "inherit"] });
}
/** Admin passwords and staff PINs hashed at the lowest cost allowed, as in test servers (test-server.ts). */
const CHEAP_PASSWORDS = {
  PASSWORD_HASH_COST: String(PASSWORD_HASH_COSTS.min),
  PIN_HASH_COST: String(PIN_HASH_COSTS.min),
};

/** The node flags on stampd's #! line, so the process runs as an installed `stampd` does. */
const NODE_FLAGS = (readFileSync(STAMPD_SOURCES, "utf8").split("\n", 1)[0] as string)
  .split(" ")
  .filter((word) => word.startsWith("--"));
/** More node flags for the spawned stampd, e.g. `--cpu-prof` to profile a bench's server. */
const EXTRA_FLAGS = (process.env.STAMPD_NODE_FLAGS ?? "").split(" ").filter((word) => word !== "");

export interface SpawnedServer {
  readonly url: string;
  readonly summary: StartupSummary;
  readonly child: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * The real server process (`stampd serve`: the bundle, or another entry such as the sources, with
 * the node flags stampd asks for) on an ephemeral loopback port, resolved once it printed its
 * one-line JSON summary. `flags`: node flags after stampd's, which they override (a bench's A/B of
 * a V8 setting).
 */
export function spawnServer(
  dataDir: string,
  env: Record<string, string> = {},
  entry: string = STAMPD_BUNDLE,
  flags: readonly string[] = [],
): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [...NODE_FLAGS, ...EXTRA_FLAGS, ...flags, entry, "serve"], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: "0",
      HTTPS_PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      ...CHEAP_PASSWORDS,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split("\n")[0];
      if (!stdout.includes("\n") || !line) return;
      const summary = JSON.parse(line) as StartupSummary;
      resolve({
        url: `http://127.0.0.1:${summary.port}`,
        summary,
        child,
        exited,
        stop: async (signal = "SIGTERM") => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
    child.once("exit", (code) =>
      reject(new Error(`server exited (${code}) before listening:\n${stderr}`)),
    );
  });
}

/**
 * Runs one `stampd` command (the bundle, or `entry`) against a data dir (and `env`, e.g.
 * DATABASE_URL): its exit code and its one JSON answer.
 */
export function stampdAnswer(
  dataDir: string,
  args: string[],
  env: Record<string, string> = {},
  entry: string = STAMPD_BUNDLE,
): Promise<{ exitCode: number; answer: Record<string, unknown> }> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [entry, ...args],
      { env: { ...process.env, DATA_DIR: dataDir, ...CHEAP_PASSWORDS, ...env } },
      (error, stdout, stderr) => {
        try {
          const answer = JSON.parse(stdout) as Record<string, unknown>;
          resolve({ exitCode: error ? Number(error.code ?? 1) : 0, answer });
        } catch {
          reject(new Error(`stampd ${args.join(" ")} printed no JSON: ${stdout}${stderr}`));
        }
      },
    ),
  );
}

/** Runs one `stampd` command that must succeed and parses its one JSON answer. */
export async function stampd(
  dataDir: string,
  args: string[],
  env: Record<string, string> = {},
  entry: string = STAMPD_BUNDLE,
): Promise<Record<string, unknown>> {
  const { exitCode, answer } = await stampdAnswer(dataDir, args, env, entry);
  if (exitCode !== 0) throw new Error(`stampd ${args.join(" ")} failed: ${JSON.stringify(answer)}`);
  return answer;
}
