import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port";

/** The production proxy configuration the deploy guide installs. */
const DEPLOY_CADDYFILE = fileURLToPath(new URL("../../deploy/Caddyfile", import.meta.url));

/**
 * Debian's `caddy` serving `deploy/Caddyfile` for `domain` in front of a server on loopback. For a
 * domain without public DNS it signs with its own internal CA instead of ACME (`local_certs`); its
 * root is what a device must trust ({@link rootCertificate}). Nothing is added to this machine's
 * trust stores.
 */
export class Caddy {
  readonly httpsPort: number;
  readonly #dir: string;
  readonly #process: ChildProcess;

  private constructor(httpsPort: number, dir: string, child: ChildProcess) {
    this.httpsPort = httpsPort;
    this.#dir = dir;
    this.#process = child;
  }

  /** `httpsPort`: where browsers reach it (the server's PUBLIC_URL names it before Caddy runs). */
  static async start(domain: string, upstreamPort: number, httpsPort: number): Promise<Caddy> {
    const dir = mkdtempSync(join(tmpdir(), "stamp-caddy-"));
    const httpPort = await freePort();
    const config = join(dir, "Caddyfile");
    writeFileSync(
      config,
      [
        "{",
        "\tadmin off",
        "\tlocal_certs",
        "\tskip_install_trust",
        `\thttp_port ${httpPort}`,
        `\thttps_port ${httpsPort}`,
        `\tstorage file_system ${join(dir, "data")}`,
        "}",
        `import ${DEPLOY_CADDYFILE}`,
        "",
      ].join("\n"),
    );
    const child = spawn("caddy", ["run", "--config", config, "--adapter", "caddyfile"], {
      env: {
        ...process.env,
        HOME: dir,
        XDG_CONFIG_HOME: join(dir, "config"),
        XDG_DATA_HOME: join(dir, "data"),
        STAMP_DOMAIN: domain,
        STAMP_UPSTREAM: `127.0.0.1:${upstreamPort}`,
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    const caddy = new Caddy(httpsPort, dir, child);
    await caddy.#ready();
    return caddy;
  }

  /** The internal CA's root, PEM: written once Caddy has signed the site's certificate. */
  get rootCertificate(): string {
    return join(this.#dir, "data", "pki", "authorities", "local", "root.crt");
  }

  async #ready(): Promise<void> {
    let log = "";
    this.#process.stderr?.on("data", (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    const exited = new Promise<never>((_, reject) =>
      this.#process.once("exit", (code) => reject(new Error(`caddy exited ${code}:\n${log}`))),
    );
    // Caddy logs each step as JSON; the site is ready once it listens and its certificate exists.
    const listening = async () => {
      for (;;) {
        if (existsSync(this.rootCertificate) && /certificate obtained successfully/.test(log)) {
          if (await accepts(this.httpsPort)) return;
        }
        await new Promise((resolve) => this.#process.stderr?.once("data", resolve));
      }
    };
    await Promise.race([listening(), exited]);
  }

  async stop(): Promise<void> {
    if (this.#process.exitCode === null) {
      const exited = new Promise((resolve) => this.#process.once("exit", resolve));
      this.#process.kill("SIGTERM");
      await exited;
    }
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
