import { type KeyObject, randomBytes } from "node:crypto";
import forge from "node-forge";

/** Apple's extended key usage for Pass Type ID certificates. */
const PASS_TYPE_ID_EKU = "1.2.840.113635.100.4.14";
/** Apple's marker extension carried by Pass Type ID certificates. */
const PASS_TYPE_ID_EXTENSION = "1.2.840.113635.100.6.1.16";
const USER_ID_OID = "0.9.2342.19200300.100.1.1";

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
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
  | { kind: "tls-server"; ipAddresses: string[] };

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

export type SubjectField = "CN" | "O" | "OU" | "C" | "UID";

/**
 * Issues an X.509 certificate for local development and tests, shaped like the real
 * thing (Apple's Pass Type ID extensions included) so the same checks and signing
 * code run against it. Keys come from Node crypto; node-forge only assembles the DER.
 */
export function issueCertificate(options: IssueCertificateOptions): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(
    options.keyPair.publicKey.export({ type: "spki", format: "pem" }).toString(),
  );
  cert.serialNumber = positiveSerial();
  cert.validity.notBefore = options.notBefore;
  cert.validity.notAfter = options.notAfter;
  const subject = options.subject.map(([field, value]) => subjectAttribute(field, value));
  cert.setSubject(subject);

  const issuerKey =
    options.issuer === "self" ? options.keyPair.privateKey : options.issuer.privateKey;
  if (options.issuer === "self") {
    cert.setIssuer(subject);
  } else {
    cert.setIssuer(forge.pki.certificateFromPem(options.issuer.certPem).subject.attributes);
  }
  cert.setExtensions(extensionsFor(options.profile));
  cert.sign(
    forge.pki.privateKeyFromPem(issuerKey.export({ type: "pkcs1", format: "pem" }).toString()),
    forge.md.sha256.create(),
  );
  return forge.pki.certificateToPem(cert);
}

function subjectAttribute(field: SubjectField, value: string): forge.pki.CertificateField {
  if (field === "UID") {
    return { type: USER_ID_OID, value, valueTagClass: forge.asn1.Type.UTF8 as number };
  }
  return { shortName: field, value, valueTagClass: forge.asn1.Type.UTF8 as number };
}

function extensionsFor(profile: CertificateProfile): object[] {
  const keyId = { name: "subjectKeyIdentifier" };
  switch (profile.kind) {
    case "root-ca":
      return [
        { name: "basicConstraints", cA: true, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
        keyId,
      ];
    case "intermediate-ca":
      return [
        { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
        keyId,
      ];
    case "pass-type-id":
      return [
        { name: "basicConstraints", cA: false, critical: true },
        { name: "keyUsage", digitalSignature: true, critical: true },
        // clientAuth as well: the same certificate authenticates the server to APNs.
        { name: "extKeyUsage", [PASS_TYPE_ID_EKU]: true, clientAuth: true },
        {
          id: PASS_TYPE_ID_EXTENSION,
          value: forge.asn1.create(
            forge.asn1.Class.UNIVERSAL,
            forge.asn1.Type.UTF8,
            false,
            forge.util.encodeUtf8(profile.passTypeIdentifier),
          ),
        },
        keyId,
      ];
    case "tls-server":
      return [
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
        { name: "extKeyUsage", serverAuth: true },
        { name: "subjectAltName", altNames: profile.ipAddresses.map((ip) => ({ type: 7, ip })) },
        keyId,
      ];
  }
}

/** 16 random bytes, top bit clear (positive) and next bit set (no leading zero byte). */
function positiveSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes.toString("hex");
}
