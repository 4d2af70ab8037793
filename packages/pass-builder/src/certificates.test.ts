import { describe, expect, it } from "vitest";
import { certificateNames, generateKeys, issueCertificate } from "./certificates";

async function tlsCertificate(names: readonly string[]): Promise<string> {
  return issueCertificate({
    subject: [["CN", "Stamp server"]],
    keyPair: await generateKeys("ec-p256"),
    issuer: "self",
    notBefore: new Date(Date.UTC(2026, 0, 1)),
    notAfter: new Date(Date.UTC(2027, 0, 1)),
    profile: { kind: "tls-server", names },
  });
}

describe("certificateNames", () => {
  it("reads the DNS names and addresses issued, IPv6 ones as Node writes them", async () => {
    const pem = await tlsCertificate(["localhost", "127.0.0.1", "::1", "fe80::1", "shop.local"]);
    expect(certificateNames(pem)).toEqual([
      "localhost",
      "127.0.0.1",
      "0:0:0:0:0:0:0:1",
      "FE80:0:0:0:0:0:0:1",
      "shop.local",
    ]);
  });

  it("reads a name Node quotes because it holds the list's punctuation", async () => {
    const pem = await tlsCertificate(["a, DNS:b", "c"]);
    expect(certificateNames(pem)).toEqual(["a, DNS:b", "c"]);
  });
});
