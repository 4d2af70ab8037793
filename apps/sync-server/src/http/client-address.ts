import type { Context } from "hono";
import { requestPeer } from "./peer";

/**
 * The client's address, for per-address rate limits: the connection's peer, or behind a proxy
 * listed in TRUST_PROXY the address it forwarded (see README).
 */
export function clientAddress(c: Context): string {
  return requestPeer(c).address;
}
