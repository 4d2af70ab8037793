import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";
import { type ProxyTrust, plainAddress } from "./proxy-trust";

/** Who is asking and how, as the client sees it (behind a trusted proxy: as the proxy says). */
export interface Peer {
  /** For per-address rate limits. */
  readonly address: string;
  /** The client's connection is encrypted (ours, or a trusted proxy's X-Forwarded-Proto). */
  readonly https: boolean;
  /** The host the client asked for (`name` or `name:port`), lower case. */
  readonly host: string;
}

declare module "hono" {
  interface ContextVariableMap {
    peer: Peer;
  }
}

/** The last value of a header a proxy appended to (its own, not the client's). */
const lastValue = (header: string | undefined): string | undefined =>
  header?.split(",").at(-1)?.trim() || undefined;

/**
 * The {@link Peer} of a request. Forwarded headers count only when the connection comes from a
 * proxy in TRUST_PROXY; from anyone else they are ignored, so a client cannot claim another
 * address (rate limits) or a secure scheme (cookies).
 */
function peerOf(c: Context, trust: ProxyTrust | null): Peer {
  const socketAddress = getConnInfo(c).remote.address ?? "unknown";
  const url = new URL(c.req.url);
  const trusted = trust?.trusts(socketAddress) ?? false;
  const proto = trusted ? lastValue(c.req.header("x-forwarded-proto")) : undefined;
  const host = (trusted ? lastValue(c.req.header("x-forwarded-host")) : undefined) ?? url.host;
  return {
    address: trust
      ? trust.clientAddress(socketAddress, c.req.header("x-forwarded-for"))
      : plainAddress(socketAddress),
    https: proto ? proto.toLowerCase() === "https" : url.protocol === "https:",
    host: host.toLowerCase(),
  };
}

/** A request's {@link Peer}, worked out when it is first asked for: a sync round never asks. */
class LazyPeer implements Peer {
  readonly #c: Context;
  readonly #trust: ProxyTrust | null;
  #known: Peer | undefined;

  constructor(c: Context, trust: ProxyTrust | null) {
    this.#c = c;
    this.#trust = trust;
  }

  get address(): string {
    return this.#peer().address;
  }

  get https(): boolean {
    return this.#peer().https;
  }

  get host(): string {
    return this.#peer().host;
  }

  #peer(): Peer {
    this.#known ??= peerOf(this.#c, this.#trust);
    return this.#known;
  }
}

/**
 * Gives each request its {@link Peer}, worked out once, when first asked for (rate limits by
 * address, cookies, pages): parsing the URL and the socket's address cost every request that never
 * asks, every sync round among them.
 */
export function peer(trust: ProxyTrust | null): MiddlewareHandler {
  return (c, next) => {
    c.set("peer", new LazyPeer(c, trust));
    return next();
  };
}

export const requestPeer = (c: Context): Peer => c.get("peer");

/** Cookies are Secure whenever the client's connection is, and always with an https PUBLIC_URL. */
export const secureCookies = (c: Context, services: { readonly publicHttps: boolean }): boolean =>
  services.publicHttps || requestPeer(c).https;
