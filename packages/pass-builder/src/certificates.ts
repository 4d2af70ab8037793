import {
  generateKeyPair as generateKeyPairCallback,
  type KeyObject,
  randomBytes,
  webcrypto,
  X509Certificate,
} from "node:crypto";
import { isIP } from "node:net";
import { promisify } from "node:util";
import type * as X509 from "@peculiar/x509";
import { loadX509 } from "./x509";

const generateKeyPair = promisify(generateKeyPairCallback);

/** Apple's extended key usage for Pass Type ID certificates. */
const PASS_TYPE_ID_EKU = "1.2.840.113635.100.4.14";
/** Apple's marker extension carried by Pass Type ID certificates. */
const PASS_TYPE_ID_EXTENSION = "1.2.840.113635.100.6.1.16";
const USER_ID_OID = "0.9.2342.19200300.100.1.1";

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/**
 * RSA 2048 where Apple requires RSA (Pass Type ID chains); ECDSA P-256 elsewhere: every tablet and
 * phone accepts it for TLS, and a key takes a millisecond to make.
 */
export type KeyAlgorithm = "rsa-2048" | "ec-p256";

export function generateKeys(algorithm: KeyAlgorithm): Promise<KeyPair> {
  return algorithm === "rsa-2048"
    ? generateKeyPair("rsa", { modulusLength: 2048 })
    : generateKeyPair("ec", { namedCurve: "P-256" });
}

/** A certificate together with the key that can issue children of it. */
export interface CertificateAuthority {
  certPem: string;
  privateKey: KeyObject;
}

export type CertificateProfile =
  | { kind: "root-ca" }
  | { kind: "intermediate-ca" }
  | { kind: "pass-type-id"; passTypeIdentifier: string }
  /** `names`: DNS names and IP addresses (v4 or v6) the server answers to. */
  | { kind: "tls-server"; names: readonly string[] };

export type SubjectField = "CN" | "O" | "OU" | "C" | "UID";

export interface IssueCertificateOptions {
  /** Relative distinguished names in order, e.g. `[["CN", "Stamp Dev CA"], ["O", "Stamp"]]`. */
  subject: ReadonlyArray<readonly [SubjectField, string]>;
  keyPair: KeyPair;
  /** `"self"` makes a self-signed certificate. */
  issuer: CertificateAuthority | "self";
  notBefore: Date;
  notAfter: Date;
  profile: CertificateProfile;
}

/**
 * Issues an X.509 certificate (PEM) with @peculiar/x509: the development Apple chain, shaped like
 * the real thing (Pass Type ID extensions included) so the same checks and signing code run
 * against it, and the server's local CA and TLS certificates. Keys are Node KeyObjects.
 */
export async function issueCertificate(options: IssueCertificateOptions): Promise<string> {
  const x509 = await loadX509();
  const signingKey =
    options.issuer === "self" ? options.keyPair.privateKey : options.issuer.privateKey;
  const signingAlgorithm = webAlgorithm(signingKey);
  const publicKey = new x509.PublicKey(spki(options.keyPair.publicKey));
  const issuerCert =
    options.issuer === "self" ? null : new x509.X509Certificate(options.issuer.certPem);
  const subject = new x509.Name(
    options.subject.map(([field, value]) => ({
      [field === "UID" ? USER_ID_OID : field]: [{ utf8String: value }],
    })),
  );
  const extensions = [
    ...(await profileExtensions(x509, options.profile, options.keyPair.publicKey)),
    await x509.SubjectKeyIdentifierExtension.create(publicKey),
  ];
  if (issuerCert)
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuerCert.publicKey));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: positiveSerial(),
    subject,
    issuer: issuerCert ? issuerCert.subjectName : subject,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    publicKey,
    signingKey: await webcrypto.subtle.importKey(
      "pkcs8",
      signingKey.export({ type: "pkcs8", format: "der" }),
      signingAlgorithm,
      false,
      ["sign"],
    ),
    signingAlgorithm,
    extensions,
  });
  return cert.toString("pem");
}

async function profileExtensions(
  x509: typeof X509,
  profile: CertificateProfile,
  key: KeyObject,
): Promise<X509.Extension[]> {
  const flags = x509.KeyUsageFlags;
  switch (profile.kind) {
    case "root-ca":
      return [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(flags.keyCertSign | flags.cRLSign, true),
      ];
    case "intermediate-ca":
      return [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(flags.keyCertSign | flags.cRLSign, true),
      ];
    case "pass-type-id": {
      const [{ AsnConvert }, { DirectoryString }] = await Promise.all([
        import("@peculiar/asn1-schema"),
        import("@peculiar/asn1-x509"),
      ]);
      return [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(flags.digitalSignature, true),
        // clientAuth as well: the same certificate authenticates the server to APNs.
        new x509.ExtendedKeyUsageExtension([PASS_TYPE_ID_EKU, x509.ExtendedKeyUsage.clientAuth]),
        new x509.Extension(
          PASS_TYPE_ID_EXTENSION,
          false,
          AsnConvert.serialize(new DirectoryString({ utf8String: profile.passTypeIdentifier })),
        ),
      ];
    }
    case "tls-server":
      return [
        new x509.BasicConstraintsExtension(false),
        // An RSA key may also carry the TLS key exchange; an EC key only signs.
        new x509.KeyUsagesExtension(
          key.asymmetricKeyType === "rsa"
            ? flags.digitalSignature | flags.keyEncipherment
            : flags.digitalSignature,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(
          profile.names.map((name) => ({
            type: isIP(name) ? ("ip" as const) : ("dns" as const),
            value: name,
          })),
        ),
      ];
  }
}

/** How the issuer's key signs: imported with it, and named in the certificate. */
function webAlgorithm(
  key: KeyObject,
): webcrypto.RsaHashedImportParams | (webcrypto.EcKeyImportParams & { hash: string }) {
  switch (key.asymmetricKeyType) {
    case "rsa":
      return { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    case "ec":
      return { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
    default:
      throw new TypeError(`cannot sign certificates with a ${key.asymmetricKeyType} key`);
  }
}

function spki(key: KeyObject): ArrayBuffer {
  const der = key.export({ type: "spki", format: "der" });
  return der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer;
}

/** 16 random bytes, top bit clear (positive) and next bit set (no leading zero byte). */
function positiveSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes.toString("hex");
}

/**
 * One entry of Node's `subjectAltName`: "DNS:name" or "IP Address:addr", joined by ", ", a value
 * that could be mistaken for the list's punctuation written as a JSON string.
 */
const ALT_NAME = /(?:^|, )([^:]+):("(?:[^"\\]|\\.)*"|[^,]*)/g;

/**
 * The DNS names and IP addresses a certificate's subjectAltName lists, read with node:crypto so a
 * server reading its stored certificate at start-up does not load @peculiar/x509. IPv6 addresses
 * come as Node writes them (`FE80:0:0:0:0:0:0:1`): compare them canonicalised.
 */
export function certificateNames(pem: string): string[] {
  const names: string[] = [];
  for (const [, kind, value = ""] of (new X509Certificate(pem).subjectAltName ?? "").matchAll(
    ALT_NAME,
  )) {
    if (kind === "DNS" || kind === "IP Address")
      names.push(value.startsWith('"') ? (JSON.parse(value) as string) : value);
  }
  return names;
}
