import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { certificateNames, generateKeys, issueCertificate } from "@stamp/pass-builder";
import { replaceSecret } from "../secrets/secret-file";
import { canonicalName } from "./host-names";
import { CLOCK_SLACK_MS, type LocalCa } from "./local-ca";

const DAY_MS = 86_400_000;
/** Apple platforms refuse TLS certificates valid for more than 825 days; stay well inside. */
const LIFETIME_DAYS = 397;
/** Renewed a month before it expires, so a server left running never serves an expired one. */
export const RENEW_BEFORE_MS = 30 * DAY_MS;

/** The server's TLS certificate (PEM) and key, signed by the local CA. */
export interface ServerCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  readonly names: readonly string[];
  readonly notAfter: Date;
}

export type RenewalReason = "missing" | "other-ca" | "expiring" | "new-names";

const paths = (certsDir: string) => ({
  cert: join(certsDir, "https.pem"),
  key: join(certsDir, "https.key"),
});

/**
 * Why `current` must be replaced to serve `wanted` names at `now`, or null when it may stay. A
 * name that went away is no reason: the certificate still covers the others.
 */
export function renewalReason(
  current: ServerCertificate | null,
  ca: LocalCa,
  wanted: readonly string[],
  now: number,
): RenewalReason | null {
  if (!current) return "missing";
  const certificate = new X509Certificate(current.certPem);
  const issuer = new X509Certificate(ca.certPem);
  if (!certificate.checkIssued(issuer) || !certificate.verify(issuer.publicKey)) return "other-ca";
  if (current.notAfter.getTime() - now < RENEW_BEFORE_MS) return "expiring";
  const have = new Set(current.names);
  return wanted.every((name) => have.has(name)) ? null : "new-names";
}

/** The certificate stored in DATA_DIR/certs, or null when there is none (or it is unreadable). */
export function readServerCertificate(certsDir: string): ServerCertificate | null {
  const { cert, key } = paths(certsDir);
  try {
    const certPem = readFileSync(cert, "utf8");
    return {
      certPem,
      keyPem: readFileSync(key, "utf8"),
      names: certificateNames(certPem).map(canonicalName),
      notAfter: new Date(new X509Certificate(certPem).validTo),
    };
  } catch {
    return null;
  }
}

/** Issues a certificate for `names` (a fresh EC key) and stores it in DATA_DIR/certs. */
export async function issueServerCertificate(
  certsDir: string,
  ca: LocalCa,
  names: readonly string[],
  now: number,
): Promise<ServerCertificate> {
  const keys = await generateKeys("ec-p256");
  const notAfter = new Date(now + LIFETIME_DAYS * DAY_MS);
  const certPem = await issueCertificate({
    subject: [
      ["CN", "Stamp server"],
      ["O", "Stamp"],
    ],
    keyPair: keys,
    issuer: ca,
    notBefore: new Date(now - CLOCK_SLACK_MS),
    notAfter,
    profile: { kind: "tls-server", names },
  });
  const keyPem = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const { cert, key } = paths(certsDir);
  replaceSecret(key, keyPem);
  replaceSecret(cert, certPem);
  return { certPem, keyPem, names, notAfter: new Date(new X509Certificate(certPem).validTo) };
}
