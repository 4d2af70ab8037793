import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isPassBuilderError } from "./errors";
import { parseGoogleServiceAccount } from "./google-service-account";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
const keyFile = {
  type: "service_account",
  project_id: "stamp-test",
  private_key_id: "abc123",
  private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  client_email: "wallet@stamp-test.iam.gserviceaccount.com",
  client_id: "1234567890",
  token_uri: "https://oauth2.googleapis.com/token",
};

function reason(json: string): string | undefined {
  try {
    parseGoogleServiceAccount(json);
  } catch (error) {
    if (isPassBuilderError(error, "invalid-service-account")) return error.info.reason;
    throw error;
  }
  return undefined;
}

describe("parseGoogleServiceAccount", () => {
  it("maps the key file's fields", () => {
    expect(parseGoogleServiceAccount(JSON.stringify(keyFile))).toEqual({
      projectId: "stamp-test",
      privateKeyId: "abc123",
      privateKeyPem: keyFile.private_key,
      clientEmail: keyFile.client_email,
      clientId: "1234567890",
      tokenUri: keyFile.token_uri,
    });
  });

  it("names what is wrong", () => {
    expect(reason("nope")).toBe("the file is not JSON");
    expect(reason(JSON.stringify({ ...keyFile, client_email: "" }))).toContain("client_email");
    expect(reason(JSON.stringify({ ...keyFile, type: "user" }))).toContain("type");
    expect(reason(JSON.stringify({ ...keyFile, private_key: "garbage" }))).toContain("private_key");
  });
});
