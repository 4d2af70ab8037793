import type { Config } from "./config";
import { type HostFacts, primaryAddress, urlHost } from "./tls/host-names";

const WILDCARDS = new Set(["0.0.0.0", "::", ""]);

/** A specific address HOST binds to (not every interface), if any. */
export function boundAddress(host: string): string | null {
  return WILDCARDS.has(host) ? null : host;
}

/**
 * The host other devices use: PUBLIC_URL's when set; the address HOST binds to (loopback as
 * `localhost`); else the machine's address on the network (the default route's), else localhost.
 */
export async function deviceHost(config: Config, facts: HostFacts): Promise<string> {
  if (config.publicUrl) return new URL(config.publicUrl).hostname.replace(/^\[|\]$/g, "");
  const bound = boundAddress(config.host);
  if (bound) return bound === "127.0.0.1" || bound === "::1" ? "localhost" : bound;
  return (await primaryAddress(facts)) ?? "localhost";
}

/**
 * Where every absolute link points (cards, passes, receipts, the pairing QR, what start-up
 * prints): an https PUBLIC_URL as it is; with the server's own HTTPS, that listener at the
 * device host; else PUBLIC_URL or http://localhost:<port>.
 */
export function publicOrigin(
  config: Config,
  ports: { readonly http: number; readonly https: number | null },
  host: string,
): string {
  if (config.publicUrl?.startsWith("https:")) return config.publicUrl;
  if (ports.https !== null) return `https://${urlHost(host)}:${ports.https}`;
  return config.publicUrl ?? `http://localhost:${ports.http}`;
}

/** The plain-HTTP origin at `host`, where a device that does not trust the CA yet can go. */
export const plainOrigin = (host: string, httpPort: number): string =>
  `http://${urlHost(host)}:${httpPort}`;
