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
 * Works out the {@link Peer} once per request. Forwarded headers count only when the connection
 * comes from a proxy in TRUST_PROXY; from anyone else they are ignored, so a client cannot claim
 * another address (rate limits) or a secure scheme (cookies).
 */
export function peer(trust: ProxyTrust | null): MiddlewareHandler {
  return async (c, next) => {
    const socketAddress = getConnInfo(c).remote.address ?? "unknown";
    const url = new URL(c.req.url);
    const trusted = trust?.trusts(socketAddress) ?? false;
    const proto = trusted ? lastValue(c.req.header("x-forwarded-proto")) : undefined;
    const host = (trusted ? lastValue(c.req.header("x-forwarded-host")) : undefined) ?? url.host;
    c.set("peer", {
      address: trust
        ? trust.clientAddress(socketAddress, c.req.header("x-forwarded-for"))
        : plainAddress(socketAddress),
      https: proto ? proto.toLowerCase() === "https" : url.protocol === "https:",
      host: host.toLowerCase(),
    });
    await next();
  };
}

export const requestPeer = (c: Context): Peer => c.get("peer");

/** Cookies are Secure whenever the client's connection is, and always with an https PUBLIC_URL. */
export const secureCookies = (c: Context, services: { readonly publicHttps: boolean }): boolean =>
  services.publicHttps || requestPeer(c).https;
