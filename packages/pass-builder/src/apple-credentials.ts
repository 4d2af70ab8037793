import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { PassBuilderError } from "./errors";

/** PEM contents (not paths) of the Apple signing material, plus the ids passes will carry. */
export interface AppleCredentialsInput {
  /** Apple WWDR intermediate certificate (PEM). Convert Apple's DER `.cer` with `openssl x509 -inform DER`. */
  wwdrPem: string | Buffer;
  /** Pass Type ID certificate (PEM). */
  signerCertPem: string | Buffer;
  /** RSA private key of the Pass Type ID certificate (PEM: PKCS#1, PKCS#8 or encrypted PKCS#8). */
  signerKeyPem: string | Buffer;
  /** Passphrase of an encrypted `signerKeyPem`. */
  passphrase?: string;
  /** Must equal the certificate's subject UID, e.g. `pass.com.example.stamp`. */
  passTypeIdentifier: string;
  /** Must equal the certificate's subject OU (the Apple team id). */
  teamIdentifier: string;
  /** Clock for the expiry check; defaults to now. */
  now?: Date;
}

/**
 * Checked Apple signing material: the key is decrypted once here, so signing a
 * pass never pays for key decryption again. Obtain it from {@link loadAppleCredentials}.
 */
export interface AppleCredentials {
  readonly passTypeIdentifier: string;
  readonly teamIdentifier: string;
  readonly signerKey: KeyObject;
  readonly signerCertificate: X509Certificate;
  readonly wwdrCertificate: X509Certificate;
}

/**
 * Parses and checks Apple credentials at start-up, because Wallet silently refuses
 * passes signed with the wrong key or ids, and passkit-generator does not check.
 *
 * @throws {PassBuilderError} `invalid-certificate`, `certificate-expired`, `bad-passphrase`,
 *   `key-cert-mismatch`, `pass-type-id-mismatch` or `team-id-mismatch`.
 */
export function loadAppleCredentials(input: AppleCredentialsInput): AppleCredentials {
  const now = input.now ?? new Date();
  const wwdrCertificate = parseCertificate(input.wwdrPem, "WWDR certificate");
  const signerCertificate = parseCertificate(input.signerCertPem, "signer certificate");

  assertNotExpired(wwdrCertificate, "wwdr", now);
  assertNotExpired(signerCertificate, "signer", now);
  if (
    !signerCertificate.checkIssued(wwdrCertificate) ||
    !signerCertificate.verify(wwdrCertificate.publicKey)
  ) {
    throw new PassBuilderError(
      {
        code: "invalid-certificate",
        reason: "signer certificate was not issued by the WWDR certificate",
      },
      `The signer certificate (${oneLine(signerCertificate.subject)}) was not issued by the WWDR certificate (${oneLine(wwdrCertificate.subject)}). Use the WWDR intermediate that issued your Pass Type ID certificate.`,
    );
  }

  const signerKey = readPrivateKey(input.signerKeyPem, input.passphrase);
  if (signerKey.asymmetricKeyType !== "rsa") {
    throw new PassBuilderError(
      { code: "invalid-certificate", reason: "signer key is not an RSA key" },
      `The signer key is ${signerKey.asymmetricKeyType ?? "of an unknown type"}; Apple Pass Type ID keys are RSA.`,
    );
  }
  if (!signerCertificate.checkPrivateKey(signerKey)) {
    throw new PassBuilderError(
      { code: "key-cert-mismatch" },
      "The signer private key does not belong to the signer certificate (their public keys differ).",
    );
  }

  const subject = parseSubject(signerCertificate.subject);
  const uid = subject.get("UID") ?? null;
  if (uid !== input.passTypeIdentifier) {
    throw new PassBuilderError(
      { code: "pass-type-id-mismatch", expected: input.passTypeIdentifier, found: uid },
      `The signer certificate is for pass type "${uid ?? "(no UID)"}", but passes are configured with passTypeIdentifier "${input.passTypeIdentifier}".`,
    );
  }
  const ou = subject.get("OU") ?? null;
  if (ou !== input.teamIdentifier) {
    throw new PassBuilderError(
      { code: "team-id-mismatch", expected: input.teamIdentifier, found: ou },
      `The signer certificate belongs to team "${ou ?? "(no OU)"}", but passes are configured with teamIdentifier "${input.teamIdentifier}".`,
    );
  }

  return {
    passTypeIdentifier: input.passTypeIdentifier,
    teamIdentifier: input.teamIdentifier,
    signerKey,
    signerCertificate,
    wwdrCertificate,
  };
}

function parseCertificate(pem: string | Buffer, what: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (cause) {
    throw new PassBuilderError(
      { code: "invalid-certificate", reason: `${what} is not a PEM certificate` },
      `The ${what} could not be read as a PEM X.509 certificate (${errorMessage(cause)}).`,
      { cause },
    );
  }
}

function assertNotExpired(cert: X509Certificate, which: "signer" | "wwdr", now: Date): void {
  const notAfter = new Date(cert.validTo);
  const notBefore = new Date(cert.validFrom);
  const label = which === "signer" ? "signer (Pass Type ID) certificate" : "WWDR certificate";
  if (notAfter.getTime() < now.getTime()) {
    throw new PassBuilderError(
      { code: "certificate-expired", certificate: which, notAfter },
      `The ${label} expired on ${notAfter.toISOString()}; renew it in the Apple developer portal.`,
    );
  }
  if (notBefore.getTime() > now.getTime()) {
    throw new PassBuilderError(
      { code: "invalid-certificate", reason: `${which} certificate is not valid yet` },
      `The ${label} is only valid from ${notBefore.toISOString()}; check the system clock.`,
    );
  }
}

function readPrivateKey(pem: string | Buffer, passphrase: string | undefined): KeyObject {
  // PKCS#8 says "ENCRYPTED PRIVATE KEY", PKCS#1 "Proc-Type: 4,ENCRYPTED".
  const encrypted = pem.toString().includes("ENCRYPTED");
  if (encrypted && passphrase === undefined) {
    throw new PassBuilderError(
      { code: "bad-passphrase" },
      "The signer key is encrypted and no passphrase was given.",
    );
  }
  try {
    return createPrivateKey(
      passphrase === undefined
        ? { key: pem, format: "pem" }
        : { key: pem, format: "pem", passphrase },
    );
  } catch (cause) {
    if (encrypted) {
      throw new PassBuilderError(
        { code: "bad-passphrase" },
        "The passphrase for the signer key is wrong.",
        { cause },
      );
    }
    throw new PassBuilderError(
      { code: "invalid-certificate", reason: "signer key is not a PEM private key" },
      `The signer key could not be read as a PEM private key (${errorMessage(cause)}).`,
      { cause },
    );
  }
}

/** Node prints a subject as one `KEY=value` per line. */
function parseSubject(subject: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of subject.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) fields.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return fields;
}

const oneLine = (subject: string) => subject.replaceAll("\n", ", ");

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
