import { createPrivateKey } from "node:crypto";
import { PassBuilderError } from "./errors";

/** The parts of a Google service-account JSON key file that Wallet needs. */
export interface GoogleServiceAccount {
  projectId: string;
  /** Goes into the `kid` header of every JWT signed with this key. */
  privateKeyId: string;
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  /** The JWT issuer (`iss`) for save links and OAuth assertions. */
  clientEmail: string;
  clientId: string;
  tokenUri: string;
}

/**
 * Reads a service-account JSON key file (the one the Google Cloud console downloads,
 * or the development one from `ensureDevCredentials`).
 *
 * @throws {PassBuilderError} `invalid-service-account` naming the missing or broken field.
 */
export function parseGoogleServiceAccount(json: string | Buffer): GoogleServiceAccount {
  let data: unknown;
  try {
    data = JSON.parse(json.toString());
  } catch (cause) {
    throw invalid("the file is not JSON", cause);
  }
  if (typeof data !== "object" || data === null) throw invalid("the file is not a JSON object");
  const record = data as Record<string, unknown>;
  const field = (name: string): string => {
    const value = record[name];
    if (typeof value !== "string" || value === "") throw invalid(`field "${name}" is missing`);
    return value;
  };
  if (field("type") !== "service_account") throw invalid('field "type" is not "service_account"');
  const account: GoogleServiceAccount = {
    projectId: field("project_id"),
    privateKeyId: field("private_key_id"),
    privateKeyPem: field("private_key"),
    clientEmail: field("client_email"),
    clientId: field("client_id"),
    tokenUri: field("token_uri"),
  };
  try {
    const key = createPrivateKey(account.privateKeyPem);
    if (key.asymmetricKeyType !== "rsa") throw new Error("not an RSA key");
  } catch (cause) {
    throw invalid('field "private_key" is not an RSA private key in PEM', cause);
  }
  return account;
}

function invalid(reason: string, cause?: unknown): PassBuilderError {
  return new PassBuilderError(
    { code: "invalid-service-account", reason },
    `Invalid Google service-account key file: ${reason}.`,
    cause === undefined ? undefined : { cause },
  );
}
