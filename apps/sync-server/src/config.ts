import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultBindAddress } from "./bind-address";
import { PACKAGE_ROOT } from "./package-root";
import { loadWalletConfig, type WalletConfig } from "./wallet/wallet-config";

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Where people reach the server; null means http://localhost:<port> once the port is known. */
  readonly publicUrl: string | null;
  /** The built kiosk PWA served at /app/. */
  readonly kioskDist: string;
  readonly logLevel: string;
  readonly wallet: WalletConfig;
}

const KIOSK_DIST = fileURLToPath(new URL("../kiosk/dist", PACKAGE_ROOT));

function port(value: string | undefined): number {
  if (value === undefined || value === "") return 8787;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`PORT must be 0–65535, got ${value}`);
  return n;
}

function publicUrl(value: string | undefined): string | null {
  if (value === undefined || value === "") return null;
  const url = new URL(value);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new Error(`PUBLIC_URL must be http(s), got ${value}`);
  return url.href.replace(/\/$/, "");
}

/** Configuration from the environment, with the defaults `npm start` relies on. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const url = publicUrl(env.PUBLIC_URL);
  return {
    port: port(env.PORT),
    host: env.HOST || defaultBindAddress(url),
    dataDir: resolve(env.DATA_DIR || "./data"),
    publicUrl: url,
    kioskDist: resolve(env.KIOSK_DIST || KIOSK_DIST),
    logLevel: env.LOG_LEVEL || "info",
    wallet: loadWalletConfig(env),
  };
}
