import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { createApp } from "./app";
import type { Config } from "./config";
import type { Logger } from "./logger";
import { openServices } from "./open-services";
import { type DemoSeed, seedDemo } from "./seed";
import type { AppServices, RateLimits } from "./services";
import type { Storage } from "./storage/storage";
import { scanCodeSigner } from "./vouchers/scan-code";
import { openWallet } from "./wallet/open-wallet";
import { PushWorker } from "./wallet/push-worker";

export interface RunningServer {
  /** Where this process can reach itself (loopback when listening on every interface). */
  readonly url: string;
  readonly port: number;
  readonly services: AppServices & { storage: Storage };
  /** Set on the first start of an empty data directory. */
  readonly seed: DemoSeed | null;
  close(): Promise<void>;
}

function closeServer(server: ReturnType<typeof serve>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Idle keep-alive connections would hold close() open.
    if ("closeAllConnections" in server) server.closeAllConnections();
  });
}

/**
 * Listens, then opens DATA_DIR and seeds it on first start. Listening comes first because with
 * PORT=0 the public URL (used in receipt links) is only known once the port is; until the data is
 * open, requests get 503.
 */
export async function startServer(
  config: Config,
  logger: Logger,
  limits?: RateLimits,
): Promise<RunningServer> {
  let app: Hono | null = null;
  const server = serve({
    fetch: (request, env) =>
      app
        ? app.fetch(request, env)
        : new Response("starting", {
            status: 503,
            headers: { "retry-after": "1", "x-content-type-options": "nosniff" },
          }),
    port: config.port,
    hostname: config.host,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  try {
    const services = await openServices(
      config,
      logger,
      config.publicUrl ?? `http://localhost:${port}`,
      limits,
    );
    await services.store.purgeIdempotencyKeys(services.now());
    const seed = await seedDemo(services);
    const wallet = await openWallet(
      config.wallet,
      config.dataDir,
      services.publicUrl,
      services.now,
      scanCodeSigner(services.cardKeys),
      services.storage.wallet,
    );
    const withWallet = { ...services, wallet };
    const pushes = new PushWorker(wallet, logger, services.now);
    pushes.start();
    app = createApp(withWallet);
    return {
      url: `http://${host}:${port}`,
      port,
      services: withWallet,
      seed,
      close: async () => {
        await closeServer(server);
        await pushes.stop();
        await wallet.close();
        await services.storage.close();
      },
    };
  } catch (error) {
    await closeServer(server);
    throw error;
  }
}
