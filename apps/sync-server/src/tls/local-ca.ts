import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { join } from "node:path";
import { generateKeys, issueCertificate } from "@stamp/pass-builder";
import { readIfPresent } from "../private-files";
import { replaceSecret } from "../secrets/secret-file";

const DAY_MS = 86_400_000;
/** Tablets trust the CA once; it should outlive the hardware. */
const CA_LIFETIME_DAYS = 10 * 365;
/** Devices' clocks are often off: certificates start a day early. */
export const CLOCK_SLACK_MS = DAY_MS;

/** The shop's own certificate authority: tablets trust it once (`/setup`), it signs the server's certificate. */
export interface LocalCa {
  readonly certPem: string;
  readonly der: Buffer;
  /** What devices list it as (its common name). */
  readonly name: string;
  /** SHA-256 of the certificate, `AB:CD:…`, as iPadOS, macOS and Android show it. */
  readonly fingerprint: string;
  /** SHA-1 of the certificate: the "thumbprint" Windows asks the owner to check. */
  readonly fingerprintSha1: string;
  readonly privateKey: KeyObject;
  readonly notAfter: Date;
}

export const localCaPaths = (certsDir: string) => ({
  cert: join(certsDir, "local-ca.pem"),
  key: join(certsDir, "local-ca.key"),
});

function describe(certPem: string, privateKey: KeyObject): LocalCa {
  const certificate = new X509Certificate(certPem);
  return {
    certPem,
    der: certificate.raw,
    name: /^CN=(.*)$/m.exec(certificate.subject)?.[1] ?? "Stamp local CA",
    fingerprint: certificate.fingerprint256,
    fingerprintSha1: certificate.fingerprint,
    privateKey,
    notAfter: new Date(certificate.validTo),
  };
}

/**
 * Reads DATA_DIR/certs/local-ca.pem and its key (0600, never leaves DATA_DIR), or makes them on
 * first start. A CA that is unreadable, lacks its key or has expired is replaced: every tablet
 * then has to trust the new one, so the caller says so (`created`).
 */
export async function openLocalCa(
  certsDir: string,
  now: Date,
  machineName: string,
): Promise<{ ca: LocalCa; created: boolean }> {
  const paths = localCaPaths(certsDir);
  const certPem = readIfPresent(paths.cert);
  const keyPem = readIfPresent(paths.key);
  if (certPem && keyPem) {
    const ca = describe(certPem, createPrivateKey(keyPem));
    if (
      ca.notAfter.getTime() > now.getTime() &&
      new X509Certificate(certPem).checkPrivateKey(ca.privateKey)
    )
      return { ca, created: false };
  }
  const keys = await generateKeys("ec-p256");
  const day = now.toISOString().slice(0, 10);
  const created = await issueCertificate({
    subject: [
      ["CN", `Stamp local CA · ${machineName} · ${day}`],
      ["O", "Stamp"],
    ],
    keyPair: keys,
    issuer: "self",
    notBefore: new Date(now.getTime() - CLOCK_SLACK_MS),
    notAfter: new Date(now.getTime() + CA_LIFETIME_DAYS * DAY_MS),
    profile: { kind: "root-ca" },
  });
  // The key first: a certificate on disk always has its key beside it.
  replaceSecret(paths.key, keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString());
  replaceSecret(paths.cert, created);
  return { ca: describe(created, keys.privateKey), created: true };
}
