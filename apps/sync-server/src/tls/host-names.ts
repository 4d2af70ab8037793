import { createSocket } from "node:dgram";
import { isIP } from "node:net";
import { hostname, networkInterfaces } from "node:os";

/** What the machine is called and where it can be reached, as the OS says now. */
export interface HostFacts {
  readonly hostname: string;
  /** Every non-loopback address of every interface. */
  readonly addresses: readonly string[];
}

export function readHostFacts(): HostFacts {
  const addresses = Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => !entry.internal)
    .map((entry) => entry.address);
  return { hostname: hostname(), addresses };
}

/** One spelling per name: lower case, IPv6 compressed as URLs write it, no zone. */
export function canonicalName(name: string): string {
  const plain = name.split("%")[0]?.toLowerCase() ?? "";
  return isIP(plain) === 6 ? new URL(`http://[${plain}]`).hostname.slice(1, -1) : plain;
}

const DNS_NAME =
  /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * The names the server's certificate must carry: localhost and the loopback addresses, the
 * machine's hostname and `<hostname>.local` (Bonjour/mDNS), every address it has, and `extra`
 * (PUBLIC_URL's host, a HOST it binds to). Sorted, so an unchanged set compares equal.
 */
export function certificateNamesFor(facts: HostFacts, extra: readonly string[] = []): string[] {
  const host = canonicalName(facts.hostname);
  const names = ["localhost", "127.0.0.1", "::1", ...facts.addresses, ...extra];
  if (DNS_NAME.test(host)) names.push(host, host.endsWith(".local") ? host : `${host}.local`);
  const usable = names.map(canonicalName).filter((name) => isIP(name) !== 0 || DNS_NAME.test(name));
  return [...new Set(usable)].sort();
}

/** `host` as it goes into a URL: IPv6 addresses in brackets. */
export const urlHost = (host: string): string => (isIP(host) === 6 ? `[${host}]` : host);

/**
 * The address other devices on the network reach this machine at: the source address of the
 * default route, found by "connecting" a UDP socket (which sends nothing). Without a default route
 * (a shop network with no internet), the first private IPv4 address; null when there is none.
 */
export async function primaryAddress(facts: HostFacts): Promise<string | null> {
  const routed = await new Promise<string | null>((resolve) => {
    const socket = createSocket("udp4");
    socket.once("error", () => {
      socket.close();
      resolve(null);
    });
    // TEST-NET-1: documentation space, never a real host.
    socket.connect(9, "192.0.2.1", () => {
      const { address } = socket.address();
      socket.close();
      resolve(address);
    });
  });
  if (routed && facts.addresses.includes(routed)) return routed;
  return facts.addresses.find(isPrivateIpv4) ?? null;
}

function isPrivateIpv4(address: string): boolean {
  const [a, b] = address.split(".").map(Number);
  return (
    isIP(address) === 4 &&
    (a === 10 || (a === 192 && b === 168) || (a === 172 && b !== undefined && b >= 16 && b <= 31))
  );
}
