import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { closeServer, listening } from "../http/listener";
import type { Logger } from "../logger";
import { CertificateKeeper } from "./certificate-keeper";
import { canonicalName, certificateNamesFor, type HostFacts, readHostFacts } from "./host-names";
import { type LocalCa, openLocalCa } from "./local-ca";

/** The server's own HTTPS for tablets on the shop's network, with the local CA's certificate. */
export interface LanHttps {
  readonly port: number;
  readonly ca: LocalCa;
  /** The names the certificate carries right now: hosts a device may open over HTTPS. */
  names(): readonly string[];
  /** Renews the certificate when it must (expiry, a new address); the timer calls it too. */
  check(): Promise<string | null>;
  /** Stops listening; requests still running (answers to held pulls) get `graceMs` to finish. */
  close(graceMs?: number): Promise<void>;
}

export interface LanHttpsOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  /** Names beyond the machine's own: PUBLIC_URL's host, the address HOST binds to. */
  readonly extraNames: readonly string[];
  readonly fetch: (request: Request, env: unknown) => Response | Promise<Response>;
  readonly logger: Logger;
  readonly now: () => number;
  readonly hostFacts?: () => HostFacts;
  /** How often addresses and expiry are looked at. */
  readonly checkEveryMs?: number;
}

/** Looks at the addresses twice a minute: a tablet should not wait long after a network change. */
const CHECK_EVERY_MS = 30_000;

export async function startLanHttps(options: LanHttpsOptions): Promise<LanHttps> {
  const facts = options.hostFacts ?? readHostFacts;
  const certsDir = join(options.dataDir, "certs");
  const { ca, created } = await openLocalCa(certsDir, new Date(options.now()), facts().hostname);
  if (created)
    options.logger.warn(
      { fingerprint: ca.fingerprint },
      "created a new local certificate authority: tablets must trust it once (see /setup)",
    );
  const extra = options.extraNames.map(canonicalName);
  let server: Server | null = null;
  const keeper = await CertificateKeeper.open({
    certsDir,
    ca,
    wantedNames: () => certificateNamesFor(facts(), extra),
    now: options.now,
    logger: options.logger,
    onRenewed: (certificate) =>
      server?.setSecureContext({ key: certificate.keyPem, cert: certificate.certPem }),
  });
  server = serve({
    fetch: options.fetch,
    port: options.port,
    hostname: options.host,
    createServer,
    serverOptions: { key: keeper.current.keyPem, cert: keeper.current.certPem },
  }) as Server;
  const running = await listening(server, "HTTPS_PORT", options.port, " (or off)");
  keeper.start(options.checkEveryMs ?? CHECK_EVERY_MS);
  return {
    port: (running.address() as AddressInfo).port,
    ca,
    names: () => keeper.current.names,
    check: () => keeper.check(),
    close: async (graceMs = 0) => {
      await keeper.stop();
      await closeServer(running, graceMs);
    },
  };
}
