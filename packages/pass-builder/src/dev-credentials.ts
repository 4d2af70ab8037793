import { randomBytes, randomInt } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadAppleCredentials } from "./apple-credentials";
import { generateKeys, issueCertificate } from "./certificates";
import { PassBuilderError } from "./errors";
import { parseGoogleServiceAccount } from "./google-service-account";

export interface DevCredentialsOptions {
  passTypeIdentifier: string;
  teamIdentifier: string;
  /** Shown in the certificates' subjects; defaults to "Stamp Development". */
  organizationName?: string;
  /** Google Cloud project id in the service-account file; defaults to "stamp-dev". */
  googleProjectId?: string;
  /** Clock for validity periods and the reuse check; defaults to now. */
  now?: Date;
}

/** Where the development credentials live. Read them like real ones from config. */
export interface DevCredentialPaths {
  /** Local root CA: trust it to verify dev pass signatures (`openssl cms -verify -CAfile`). */
  caCertPath: string;
  /** WWDR-like intermediate (the `wwdrPem` of {@link loadAppleCredentials}). */
  wwdrCertPath: string;
  /** Pass Type ID–like signer certificate. */
  signerCertPath: string;
  /** Unencrypted PKCS#8 key of the signer. */
  signerKeyPath: string;
  /** Google-style service-account JSON key file. */
  googleServiceAccountPath: string;
}

const DAY_MS = 86_400_000;
/** Dev certificates are renewed this long before they expire, so a running server never meets expiry. */
const RENEW_BEFORE_MS = 30 * DAY_MS;
const GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";

/**
 * Makes sure `dir` holds usable development credentials, generating what is absent:
 * a local CA, a WWDR-like intermediate, a Pass Type ID–like signer (subject
 * `UID=<passTypeIdentifier>`, `OU=<teamIdentifier>`, Apple's EKU and marker extension,
 * RSA 2048) and a Google service-account key file. Apple material that no longer
 * passes {@link loadAppleCredentials} for these ids (or expires within 30 days) is
 * regenerated as a set. Keys are written with mode 0600.
 */
export async function ensureDevCredentials(
  dir: string,
  options: DevCredentialsOptions,
): Promise<DevCredentialPaths> {
  const paths: DevCredentialPaths = {
    caCertPath: join(dir, "dev-ca.pem"),
    wwdrCertPath: join(dir, "dev-wwdr.pem"),
    signerCertPath: join(dir, "dev-pass-signer.pem"),
    signerKeyPath: join(dir, "dev-pass-signer.key"),
    googleServiceAccountPath: join(dir, "google-service-account.json"),
  };
  const now = options.now ?? new Date();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const [appleUsable, googleUsable] = await Promise.all([
    appleMaterialUsable(paths, options, now),
    serviceAccountUsable(paths.googleServiceAccountPath),
  ]);
  await Promise.all([
    appleUsable ? undefined : writeAppleMaterial(paths, options, now),
    googleUsable ? undefined : writeServiceAccount(paths.googleServiceAccountPath, options),
  ]);
  return paths;
}

async function appleMaterialUsable(
  paths: DevCredentialPaths,
  options: DevCredentialsOptions,
  now: Date,
): Promise<boolean> {
  const files = await Promise.all(
    [paths.caCertPath, paths.wwdrCertPath, paths.signerCertPath, paths.signerKeyPath].map(
      readIfPresent,
    ),
  );
  const [ca, wwdrPem, signerCertPem, signerKeyPem] = files;
  if (!ca || !wwdrPem || !signerCertPem || !signerKeyPem) return false;
  try {
    loadAppleCredentials({
      wwdrPem,
      signerCertPem,
      signerKeyPem,
      passTypeIdentifier: options.passTypeIdentifier,
      teamIdentifier: options.teamIdentifier,
      now: new Date(now.getTime() + RENEW_BEFORE_MS),
    });
    return true;
  } catch (error) {
    if (error instanceof PassBuilderError) return false;
    throw error;
  }
}

async function serviceAccountUsable(path: string): Promise<boolean> {
  const json = await readIfPresent(path);
  if (!json) return false;
  try {
    parseGoogleServiceAccount(json);
    return true;
  } catch (error) {
    if (error instanceof PassBuilderError) return false;
    throw error;
  }
}

async function writeAppleMaterial(
  paths: DevCredentialPaths,
  options: DevCredentialsOptions,
  now: Date,
): Promise<void> {
  const organization = options.organizationName ?? "Stamp Development";
  const [caKeys, wwdrKeys, signerKeys] = await Promise.all([
    generateKeys("rsa-2048"),
    generateKeys("rsa-2048"),
    generateKeys("rsa-2048"),
  ]);
  const notBefore = new Date(now.getTime() - DAY_MS);
  const caCertPem = await issueCertificate({
    subject: [
      ["CN", `${organization} Local CA`],
      ["O", organization],
    ],
    keyPair: caKeys,
    issuer: "self",
    notBefore,
    notAfter: new Date(now.getTime() + 3650 * DAY_MS),
    profile: { kind: "root-ca" },
  });
  const wwdrCertPem = await issueCertificate({
    subject: [
      ["CN", `${organization} WWDR-like Intermediate`],
      ["OU", "G4"],
      ["O", organization],
    ],
    keyPair: wwdrKeys,
    issuer: { certPem: caCertPem, privateKey: caKeys.privateKey },
    notBefore,
    notAfter: new Date(now.getTime() + 3650 * DAY_MS),
    profile: { kind: "intermediate-ca" },
  });
  const signerCertPem = await issueCertificate({
    subject: [
      ["UID", options.passTypeIdentifier],
      ["CN", `Pass Type ID: ${options.passTypeIdentifier}`],
      ["OU", options.teamIdentifier],
      ["O", organization],
      ["C", "US"],
    ],
    keyPair: signerKeys,
    issuer: { certPem: wwdrCertPem, privateKey: wwdrKeys.privateKey },
    notBefore,
    notAfter: new Date(now.getTime() + 730 * DAY_MS),
    profile: { kind: "pass-type-id", passTypeIdentifier: options.passTypeIdentifier },
  });
  const signerKeyPem = signerKeys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  await writeAtomically(paths.signerKeyPath, signerKeyPem, 0o600);
  await writeAtomically(paths.signerCertPath, signerCertPem, 0o644);
  await writeAtomically(paths.wwdrCertPath, wwdrCertPem, 0o644);
  await writeAtomically(paths.caCertPath, caCertPem, 0o644);
}

async function writeServiceAccount(path: string, options: DevCredentialsOptions): Promise<void> {
  const projectId = options.googleProjectId ?? "stamp-dev";
  const { privateKey } = await generateKeys("rsa-2048");
  const json = {
    type: "service_account",
    project_id: projectId,
    private_key_id: randomBytes(20).toString("hex"),
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    client_email: `wallet-dev@${projectId}.iam.gserviceaccount.com`,
    client_id: String(randomInt(10 ** 9, 10 ** 10 - 1)) + String(randomInt(10 ** 9, 10 ** 10 - 1)),
    token_uri: GOOGLE_TOKEN_URI,
  };
  await writeAtomically(path, `${JSON.stringify(json, null, 2)}\n`, 0o600);
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Write-then-rename so a concurrent reader never sees half a key. */
async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temporary, content, { mode });
  await rename(temporary, path);
}
