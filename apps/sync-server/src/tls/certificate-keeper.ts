import type { Logger } from "../logger";
import type { LocalCa } from "./local-ca";
import {
  issueServerCertificate,
  readServerCertificate,
  renewalReason,
  type ServerCertificate,
} from "./server-certificate";

export interface CertificateKeeperDeps {
  readonly certsDir: string;
  readonly ca: LocalCa;
  /** The names the certificate must carry right now (they follow the machine's addresses). */
  readonly wantedNames: () => readonly string[];
  readonly now: () => number;
  readonly logger: Logger;
  /** Called with each new certificate, for the listener to serve it from the next handshake on. */
  readonly onRenewed: (certificate: ServerCertificate) => void;
}

/**
 * Keeps the HTTPS certificate usable while the server runs: renewed a month before it expires
 * and as soon as the machine has an address the certificate does not name (a new Wi-Fi, DHCP).
 * `check()` is what the timer runs; tests call it with the clock and addresses they choose.
 */
export class CertificateKeeper {
  readonly #deps: CertificateKeeperDeps;
  #current: ServerCertificate;
  #timer: ReturnType<typeof setInterval> | null = null;
  #checking: Promise<void> = Promise.resolve();

  private constructor(deps: CertificateKeeperDeps, current: ServerCertificate) {
    this.#deps = deps;
    this.#current = current;
  }

  /** The stored certificate when it still fits, else a new one. */
  static async open(deps: CertificateKeeperDeps): Promise<CertificateKeeper> {
    const stored = readServerCertificate(deps.certsDir);
    const wanted = deps.wantedNames();
    const reason = renewalReason(stored, deps.ca, wanted, deps.now());
    if (stored && reason === null) return new CertificateKeeper(deps, stored);
    const issued = await issueServerCertificate(deps.certsDir, deps.ca, wanted, deps.now());
    deps.logger.info({ reason, names: wanted }, "issued the HTTPS certificate");
    return new CertificateKeeper(deps, issued);
  }

  get current(): ServerCertificate {
    return this.#current;
  }

  /** Renews the certificate when it must; resolves to why it did, or null. */
  check(): Promise<string | null> {
    const run = this.#checking.then(async () => {
      const wanted = this.#deps.wantedNames();
      const reason = renewalReason(this.#current, this.#deps.ca, wanted, this.#deps.now());
      if (reason === null) return null;
      const { certsDir, ca, now, logger } = this.#deps;
      this.#current = await issueServerCertificate(certsDir, ca, wanted, now());
      logger.info({ reason, names: wanted }, "renewed the HTTPS certificate");
      this.#deps.onRenewed(this.#current);
      return reason;
    });
    this.#checking = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  start(intervalMs: number): void {
    this.#timer ??= setInterval(() => {
      this.check().catch((error: unknown) =>
        this.#deps.logger.error({ err: error }, "could not renew the HTTPS certificate"),
      );
    }, intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#checking;
  }
}
