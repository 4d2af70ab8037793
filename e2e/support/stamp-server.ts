import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { freePort } from "./free-port";

const run = promisify(execFile);
const SERVER = fileURLToPath(new URL("../../apps/sync-server/", import.meta.url));
/** The CLI from the TypeScript sources, as in development. */
const SOURCES = `${SERVER}bin/stampd.mjs`;
/**
 * What `npm start` runs: the bundle, started through its #! line with stampd's node flags. Built
 * from the current sources once per run (global-setup.ts): every server and CLI call of a test
 * starts on half the CPU the sources take (tsx compiles them in each process).
 */
const BUNDLE = `${SERVER}dist/stampd.mjs`;
/** How long a server may take to answer /healthz once spawned (within vitest's 180 s hooks). */
const START_MS = 120_000;

export interface Merchant {
  readonly merchantId: string;
  readonly locationId: string;
  readonly programId: string;
  readonly staffPin: string;
}

export interface CardView {
  readonly cardId: string;
  readonly stamps: number;
  readonly goal: number;
  readonly cycles: number;
  readonly lifetimeStamps: number;
}

/** How the server is reached when a test plays a shop's network instead of 127.0.0.1. */
export interface ServerNetwork {
  /** PUBLIC_URL for the server's plain-HTTP port: a LAN host name, or a proxy's https origin. */
  readonly publicUrl: (httpPort: number) => string;
  /** HTTPS_PORT: the server's own HTTPS with its local CA; absent: off. */
  readonly httpsPort?: number;
  /** TRUST_PROXY. */
  readonly trustProxy?: string;
}

/** A real sync server (`stampd serve`) on a free port with its own data directory. */
export class StampServer {
  readonly url: string;
  readonly dataDir: string;
  readonly #env: NodeJS.ProcessEnv;
  /** The program and arguments that run `stampd`. */
  readonly #stampd: readonly [string, ...string[]];
  #process: ChildProcess | null = null;

  private constructor(
    port: number,
    dataDir: string,
    bundle: boolean,
    network: ServerNetwork | undefined,
    env: NodeJS.ProcessEnv,
  ) {
    this.#stampd = bundle ? [BUNDLE] : [process.execPath, SOURCES];
    this.url = `http://127.0.0.1:${port}`;
    this.dataDir = dataDir;
    this.#env = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_URL: network?.publicUrl(port) ?? this.url,
      HOST: "127.0.0.1",
      // Most files drive the app on 127.0.0.1 (a secure context); https-origins plays a network.
      HTTPS_PORT: network?.httpsPort === undefined ? "off" : String(network.httpsPort),
      ...(network?.trustProxy ? { TRUST_PROXY: network.trustProxy } : {}),
      // STAMPD_LOG_DIR keeps each server's whole log (at STAMPD_LOG_LEVEL) for a flake's post-mortem.
      LOG_LEVEL: process.env.STAMPD_LOG_LEVEL ?? "warn",
      // Admin passwords at the lowest cost allowed, as in the server's tests (seed and sign-ins).
      PASSWORD_HASH_COST: "10",
      ...env,
    };
  }

  /**
   * `bundle`: run the server and its CLI as `npm start` does (the default), else from the sources.
   * `network`: how devices reach it, when not on 127.0.0.1. `env`: more settings (an APNs fake's).
   */
  static async start(
    options: { bundle?: boolean; network?: ServerNetwork; env?: NodeJS.ProcessEnv } = {},
  ): Promise<StampServer> {
    const bundle = options.bundle ?? true;
    const dataDir = mkdtempSync(join(tmpdir(), "stamp-e2e-"));
    const server = new StampServer(
      await freePort(),
      dataDir,
      bundle,
      options.network,
      options.env ?? {},
    );
    await server.#spawn();
    return server;
  }

  #run(args: readonly string[]): [string, string[]] {
    const [program, ...before] = this.#stampd;
    return [program, [...before, ...args]];
  }

  async #spawn(): Promise<void> {
    const child = spawn(...this.#run(["serve"]), {
      env: this.#env,
      // Nothing reads its stdout (its start-up summary, hono's "user aborted" lines): a pipe left
      // unread fills at 64 KB, and Node's writes to a pipe block, freezing the whole server.
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.#process = child;
    const keep = process.env.STAMPD_LOG_DIR;
    if (keep) child.stderr?.pipe(createWriteStream(join(keep, `stampd-${child.pid}.log`)));
    let log = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    // A fresh server's start (migrations, the demo merchant, its first backup) is a few seconds of
    // CPU: 41 s of wall time at a load of 25 on two cores (session 33), so 60 s was too close.
    const deadline = Date.now() + START_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`stampd exited ${child.exitCode}:\n${log}`);
      const ok = await fetch(`${this.url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`stampd did not answer /healthz within ${START_MS / 1000} s:\n${log}`);
  }

  /** Runs a `stampd` command against the same data directory; it prints one JSON object. */
  async cli<T>(...args: string[]): Promise<T> {
    const { stdout } = await run(...this.#run(args), { env: this.#env });
    return JSON.parse(stdout) as T;
  }

  createMerchant(name: string): Promise<Merchant> {
    return this.cli<Merchant>("create-merchant", "--name", name);
  }

  /** An owner's account of the merchant, for signing in to the admin pages. */
  async createAdmin(merchantId: string, email: string, password: string): Promise<void> {
    await this.cli(
      "create-admin",
      "--email",
      email,
      "--password",
      password,
      "--merchant",
      merchantId,
    );
  }

  async pairingCode(locationId: string): Promise<string> {
    return (await this.cli<{ code: string }>("pairing-code", "--location", locationId)).code;
  }

  async apiKey(merchantId: string): Promise<string> {
    return (await this.cli<{ key: string }>("api-key", "--merchant", merchantId)).key;
  }

  /** One API call with the key; throws on an error answer (429s are waited out). */
  async api<T>(
    key: string,
    method: string,
    path: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<T> {
    for (;;) {
      const response = await fetch(`${this.url}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          ...(idempotencyKey === undefined ? {} : { "Idempotency-Key": idempotencyKey }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      // The API key's rate limit answers 429 with Retry-After when a test enrolls in bulk.
      if (response.status === 429) {
        const wait = Number(response.headers.get("retry-after") ?? "1");
        await new Promise((r) => setTimeout(r, Math.max(50, wait * 1000)));
        continue;
      }
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
      return JSON.parse(text) as T;
    }
  }

  /**
   * Enrolls a card through the POS API, with the customer's details when given: its id, number,
   * and the code its wallet barcode holds.
   */
  createCard(
    key: string,
    programId: string,
    profile?: { name?: string; email?: string; phone?: string },
  ): Promise<{ cardId: string; number: string; code: string }> {
    return this.api(key, "POST", "/api/v1/cards", profile ? { programId, profile } : { programId });
  }

  /** Stamps a card through the POS API, as a till integration would. */
  stamp(key: string, card: string, count: number): Promise<CardView> {
    return this.api(key, "POST", "/api/v1/stamps", { card, count }, randomUUID());
  }

  card(key: string, cardId: string): Promise<CardView> {
    return this.api(key, "GET", `/api/v1/cards/${cardId}`);
  }

  /**
   * Freezes the server's process (SIGSTOP) until `thaw`: connections are still accepted by the
   * kernel, and every request hangs unanswered, as behind a server stalled on a loaded machine.
   */
  freeze(): void {
    this.#process?.kill("SIGSTOP");
  }

  thaw(): void {
    this.#process?.kill("SIGCONT");
  }

  /**
   * Stops the server as an operator does (SIGTERM), runs `whileStopped` (a `stampd restore`, say),
   * and starts it again on the same port and data directory.
   */
  async restart(whileStopped: () => Promise<void> = async () => {}): Promise<void> {
    await this.#end();
    await whileStopped();
    await this.#spawn();
  }

  async stop(): Promise<void> {
    await this.#end();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async #end(): Promise<void> {
    const child = this.#process;
    this.#process = null;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      // Gone before the port is used again (restart).
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
    }
  }
}
