import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type ApnsAuth,
  ApnsClient,
  ApplePassBuilder,
  type DevCredentialPaths,
  ensureDevCredentials,
  GoogleSaveLinks,
  GoogleWalletClient,
  isPassBuilderError,
  loadAppleCredentials,
  PassBuilderError,
  parseGoogleServiceAccount,
} from "@stamp/pass-builder";
import { tightenTree } from "../private-files";
import type { LogoStore } from "../storage/logo-store";
import type { WalletStore } from "../storage/wallet-store";
import type { PassCodes } from "../vouchers/scan-code";
import { PassService } from "./pass-service";
import type { ApnsAuthFiles, AppleCredentialFiles, WalletConfig } from "./wallet-config";

/** The wallet side of a running server, built once at start-up. */
export interface Wallet {
  readonly config: WalletConfig;
  readonly store: WalletStore;
  readonly passes: PassService;
  /** Null when no APNs auth is configured: passes still update when a device asks. */
  readonly apns: ApnsClient | null;
  readonly google: GoogleWalletClient | null;
  close(): Promise<void>;
}

/** A configured credential file that cannot be read: named by its variable, so people know what to fix. */
export class WalletSetupError extends Error {}

async function text(
  path: string,
  variable = "a generated development credential",
): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (cause) {
    throw new WalletSetupError(
      `${variable}: cannot read ${path} (${(cause as NodeJS.ErrnoException).code ?? cause})`,
      {
        cause,
      },
    );
  }
}

function devAppleFiles(dev: DevCredentialPaths): AppleCredentialFiles {
  return {
    wwdrPem: dev.wwdrCertPath,
    signerCertPem: dev.signerCertPath,
    signerKeyPem: dev.signerKeyPath,
    passphrase: null,
  };
}

async function apnsAuth(config: WalletConfig, files: ApnsAuthFiles): Promise<ApnsAuth> {
  switch (files.kind) {
    case "token":
      return {
        kind: "token",
        signingKeyPem: await text(files.keyPem, "APNS_KEY_PEM"),
        keyId: files.keyId,
        teamId: config.teamId,
      };
    case "certificate":
      return {
        kind: "certificate",
        certPem: await text(files.certPem, "APNS_CERT_PEM"),
        keyPem: await text(files.keyPem, "APNS_CERT_KEY_PEM"),
      };
    default: {
      const unreachable: never = files;
      throw new Error(`unknown APNs auth ${JSON.stringify(unreachable)}`);
    }
  }
}

async function apnsClient(config: WalletConfig): Promise<ApnsClient | null> {
  if (!config.apns) return null;
  const auth = await apnsAuth(config, config.apns);
  try {
    return new ApnsClient({
      auth,
      baseUrl: config.apnsUrl,
      ...(config.apnsCaPem === null ? {} : { ca: await text(config.apnsCaPem, "APNS_CA_PEM") }),
    });
  } catch (error) {
    // Only the token key can be refused here; the operator needs to know which variable to fix.
    if (!isPassBuilderError(error)) throw error;
    throw new PassBuilderError(error.info, `APNS_KEY_PEM: ${error.message}`, { cause: error });
  }
}

/**
 * Loads (or, without configured ones, generates in DATA_DIR/certs) the Apple and Google
 * credentials and checks them: bad material throws a PassBuilderError naming what to fix, so the
 * server refuses to start rather than hand out passes Wallet would silently refuse.
 */
export async function openWallet(
  config: WalletConfig,
  dataDir: string,
  publicUrl: string,
  now: () => number,
  codes: PassCodes,
  store: WalletStore,
  logos: LogoStore,
): Promise<Wallet> {
  let dev: DevCredentialPaths | undefined;
  const devPaths = async () => {
    const certs = join(dataDir, "certs");
    dev ??= await ensureDevCredentials(certs, {
      passTypeIdentifier: config.passTypeId,
      teamIdentifier: config.teamId,
    });
    // Certificates are written 0644 by pass-builder; DATA_DIR is the server's alone (0600).
    tightenTree(certs);
    return dev;
  };
  const apple = config.apple ?? devAppleFiles(await devPaths());
  const credentials = loadAppleCredentials({
    wwdrPem: await text(apple.wwdrPem, "APPLE_WWDR_PEM"),
    signerCertPem: await text(apple.signerCertPem, "APPLE_SIGNER_CERT_PEM"),
    signerKeyPem: await text(apple.signerKeyPem, "APPLE_SIGNER_KEY_PEM"),
    ...(apple.passphrase === null ? {} : { passphrase: apple.passphrase }),
    passTypeIdentifier: config.passTypeId,
    teamIdentifier: config.teamId,
  });
  const serviceAccount = parseGoogleServiceAccount(
    config.googleServiceAccountFile === null
      ? await text((await devPaths()).googleServiceAccountPath)
      : await text(config.googleServiceAccountFile, "GOOGLE_SERVICE_ACCOUNT_JSON"),
  );
  const google = config.googleApi
    ? new GoogleWalletClient({
        serviceAccount,
        baseUrl: config.googleApi.baseUrl,
        ...(config.googleApi.tokenUrl === null ? {} : { tokenUrl: config.googleApi.tokenUrl }),
      })
    : null;
  const apns = await apnsClient(config);
  const passes = new PassService({
    store,
    logos,
    apple: new ApplePassBuilder({ credentials, webServiceURL: `${publicUrl}/wallet` }),
    saveLinks: new GoogleSaveLinks({ serviceAccount, origins: [publicUrl] }),
    google,
    googleIssuerId: config.googleIssuerId,
    publicUrl,
    now,
    codes,
  });
  return {
    config,
    store,
    passes,
    apns,
    google,
    close: async () => {
      await apns?.close();
    },
  };
}
