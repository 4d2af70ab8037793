import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const SERVER = fileURLToPath(new URL("../../sync-server/", import.meta.url));
/** What `npm start` runs: the server bundle, started through its #! line and node flags. */
const STAMPD = `${SERVER}dist/stampd.mjs`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** A local `stampd serve`, built as `npm start` builds it, with a throw-away data directory. */
export class BenchServer {
  readonly url: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #dataDir: string;
  readonly #child: ChildProcess;

  private constructor(port: number, dataDir: string, child: ChildProcess, env: NodeJS.ProcessEnv) {
    this.url = `http://127.0.0.1:${port}`;
    this.#dataDir = dataDir;
    this.#child = child;
    this.#env = env;
  }

  static async start(): Promise<BenchServer> {
    await run(process.execPath, [`${SERVER}scripts/build.mjs`]);
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), "stamp-bench-"));
    const env = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: "warn",
    };
    const child = spawn(STAMPD, ["serve"], { env, stdio: "ignore" });
    const server = new BenchServer(port, dataDir, child, env);
    for (let i = 0; i < 400; i++) {
      if (
        await fetch(`${server.url}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return server;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error("stampd did not start");
  }

  async cli<T>(...args: string[]): Promise<T> {
    const { stdout } = await run(STAMPD, args, { env: this.#env });
    return JSON.parse(stdout) as T;
  }

  /** Enrols a card through the POS API, waiting out the API key's rate limit when told to. */
  async enroll(key: string, programId: string): Promise<{ cardId: string; code: string }> {
    for (;;) {
      const response = await fetch(`${this.url}/api/v1/cards`, {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ programId }),
      });
      if (response.status === 429) {
        const wait = Number(response.headers.get("retry-after") ?? "1");
        await new Promise((r) => setTimeout(r, Math.max(50, wait * 1000)));
        continue;
      }
      if (!response.ok) throw new Error(`enroll → ${response.status} ${await response.text()}`);
      return (await response.json()) as { cardId: string; code: string };
    }
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.#child.once("exit", resolve));
    this.#child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (this.#child.exitCode === null) this.#child.kill("SIGKILL");
    rmSync(this.#dataDir, { recursive: true, force: true });
  }
}
