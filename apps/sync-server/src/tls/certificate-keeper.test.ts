import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../logger";
import { CertificateKeeper } from "./certificate-keeper";
import { certificateNamesFor, type HostFacts } from "./host-names";
import { openLocalCa } from "./local-ca";
import { RENEW_BEFORE_MS } from "./server-certificate";

const DAY = 86_400_000;
const START = Date.parse("2026-03-01T09:00:00Z");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A keeper over a fresh certs dir whose clock and addresses the test moves. */
async function keeperWith(
  facts: { current: HostFacts },
  clock: { now: number },
  certsDir?: string,
) {
  const dir = certsDir ?? mkdtempSync(join(tmpdir(), "stamp-certs-"));
  if (!certsDir) dirs.push(dir);
  const { ca } = await openLocalCa(dir, new Date(clock.now), "shop-pc");
  const renewed: string[] = [];
  const keeper = await CertificateKeeper.open({
    certsDir: dir,
    ca,
    wantedNames: () => certificateNamesFor(facts.current),
    now: () => clock.now,
    logger: createLogger("silent"),
    onRenewed: (certificate) => renewed.push(certificate.certPem),
  });
  return { keeper, ca, renewed, dir };
}

describe("the HTTPS certificate", () => {
  it("names localhost, the machine's name, name.local and every address, signed by the local CA", async () => {
    const facts = { current: { hostname: "Shop-PC", addresses: ["192.168.1.20", "fe80::1%eth0"] } };
    const { keeper, ca, dir } = await keeperWith(facts, { now: START });
    const certificate = new X509Certificate(keeper.current.certPem);
    expect(certificate.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
    for (const host of ["localhost", "shop-pc", "shop-pc.local"])
      expect(certificate.checkHost(host)).toBe(host);
    expect(certificate.checkIP("192.168.1.20")).toBe("192.168.1.20");
    expect(certificate.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(keeper.current.names).toContain("fe80::1");
    // Apple refuses TLS certificates valid for more than 825 days.
    expect(keeper.current.notAfter.getTime() - START).toBeLessThan(825 * DAY);
    // The keys never leave DATA_DIR and only the server's user reads them.
    for (const file of ["local-ca.key", "https.key"])
      expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
  });

  it("is renewed a month before it expires, and not before", async () => {
    const clock = { now: START };
    const facts = { current: { hostname: "shop-pc", addresses: ["192.168.1.20"] } };
    const { keeper, renewed } = await keeperWith(facts, clock);
    const expires = keeper.current.notAfter.getTime();
    clock.now = expires - RENEW_BEFORE_MS - DAY;
    await expect(keeper.check()).resolves.toBeNull();
    clock.now = expires - RENEW_BEFORE_MS + DAY;
    await expect(keeper.check()).resolves.toBe("expiring");
    expect(renewed).toHaveLength(1);
    expect(keeper.current.notAfter.getTime()).toBeGreaterThan(expires);
  });

  it("is renewed when the machine gets an address it does not name, kept when one goes away", async () => {
    const clock = { now: START };
    const facts = { current: { hostname: "shop-pc", addresses: ["192.168.1.20", "10.0.0.5"] } };
    const { keeper, renewed } = await keeperWith(facts, clock);
    facts.current = { hostname: "shop-pc", addresses: ["192.168.1.20"] };
    await expect(keeper.check()).resolves.toBeNull();
    facts.current = { hostname: "shop-pc", addresses: ["192.168.1.20", "192.168.178.33"] };
    clock.now += DAY;
    await expect(keeper.check()).resolves.toBe("new-names");
    expect(new X509Certificate(keeper.current.certPem).checkIP("192.168.178.33")).toBe(
      "192.168.178.33",
    );
    expect(renewed).toHaveLength(1);
  });

  it("survives a restart: the stored certificate is served again while it fits", async () => {
    const clock = { now: START };
    const facts = { current: { hostname: "shop-pc", addresses: ["192.168.1.20"] } };
    const first = await keeperWith(facts, clock);
    clock.now += 10 * DAY;
    const again = await keeperWith(facts, clock, first.dir);
    expect(again.ca.fingerprint).toBe(first.ca.fingerprint);
    expect(again.keeper.current.certPem).toBe(first.keeper.current.certPem);
  });
});
