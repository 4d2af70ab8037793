import { isIPv4, isIPv6 } from "node:net";
import type { Context } from "hono";
import { clientAddress } from "./client-address";

/** The first four groups of an IPv6 address (its /64), or null when it is not one. */
function ipv6Prefix(address: string): string | null {
  const [head = "", tail] = address.split("::");
  const groups = (part: string | undefined) =>
    part === undefined || part === "" ? [] : part.split(":");
  const before = groups(head);
  const after = groups(tail);
  // An embedded IPv4 address takes the room of two groups.
  const width = (list: string[]) => list.reduce((n, g) => n + (g.includes(".") ? 2 : 1), 0);
  const zeros = tail === undefined ? 0 : 8 - width(before) - width(after);
  const full = [...before, ...Array.from({ length: zeros }, () => "0"), ...after];
  if (full.length < 4) return null;
  return full
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(":");
}

/**
 * What a per-address limit counts by. An IPv6 subscriber usually holds a whole /64 (2⁶⁴ addresses),
 * so IPv6 addresses are limited by their /64; IPv4-mapped addresses count as the IPv4 address.
 */
export function limitKeyOfAddress(address: string): string {
  const plain = address.replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain);
  if (mapped) return mapped[1] as string;
  if (isIPv4(plain) || !isIPv6(plain)) return plain;
  const prefix = ipv6Prefix(plain);
  return prefix === null ? plain : `${prefix}::/64`;
}

/** The calling client's key for per-address limits. */
export function clientKey(c: Context): string {
  return limitKeyOfAddress(clientAddress(c));
}
