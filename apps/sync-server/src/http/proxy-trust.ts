import { BlockList, isIP } from "node:net";

/** IPv4 peers of a dual-stack socket arrive as `::ffff:a.b.c.d`. */
export function plainAddress(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The reverse proxies whose X-Forwarded-* headers are believed (TRUST_PROXY): `loopback` (a proxy
 * on this machine, such as Caddy), IP addresses and subnets (`10.0.0.0/8`, `fd00::/8`).
 */
export class ProxyTrust {
  readonly #proxies = new BlockList();

  /** @throws {Error} with the entry that is neither `loopback`, an address nor a subnet. */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      if (entry === "loopback") {
        this.#proxies.addSubnet("127.0.0.0", 8, "ipv4");
        this.#proxies.addAddress("::1", "ipv6");
        continue;
      }
      const [address = "", bits, extra] = entry.split("/");
      const family = isIP(address);
      const prefix = Number(bits);
      const maxPrefix = family === 4 ? 32 : 128;
      if (family === 0 || extra !== undefined)
        throw new Error(
          `TRUST_PROXY lists the proxies' addresses: loopback, an IP address or a subnet such as 10.0.0.0/8; got "${entry}"`,
        );
      const type = family === 4 ? "ipv4" : "ipv6";
      if (bits === undefined) this.#proxies.addAddress(address, type);
      else if (Number.isInteger(prefix) && prefix >= 0 && prefix <= maxPrefix)
        this.#proxies.addSubnet(address, prefix, type);
      else throw new Error(`TRUST_PROXY: "${entry}" has no valid prefix length (0–${maxPrefix})`);
    }
  }

  trusts(address: string): boolean {
    const plain = plainAddress(address);
    const family = isIP(plain);
    return family !== 0 && this.#proxies.check(plain, family === 4 ? "ipv4" : "ipv6");
  }

  /**
   * The client behind a trusted peer: X-Forwarded-For read from the right (each proxy appends
   * the address it saw), skipping trusted proxies; the first other address is the client. A
   * malformed entry ends the walk at the last proxy that wrote a good one.
   */
  clientAddress(peer: string, forwardedFor: string | undefined): string {
    let client = plainAddress(peer);
    if (!this.trusts(client) || !forwardedFor) return client;
    const hops = forwardedFor.split(",").map((hop) => plainAddress(hop.trim()));
    for (const hop of hops.reverse()) {
      if (isIP(hop) === 0) return client;
      client = hop;
      if (!this.trusts(hop)) return hop;
    }
    return client;
  }
}

/** This machine: its own processes (a scraper, a proxy) reach the server from here. */
const THIS_MACHINE = new ProxyTrust(["loopback"]);

export function isLoopback(address: string): boolean {
  return THIS_MACHINE.trusts(address);
}
