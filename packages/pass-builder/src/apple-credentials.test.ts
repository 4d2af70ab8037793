import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { type AppleCredentialsInput, loadAppleCredentials } from "./apple-credentials";
import { issueCertificate } from "./certificates";
import { ensureDevCredentials } from "./dev-credentials";
import { isPassBuilderError, type PassBuilderErrorCode } from "./errors";
import { PASS_TYPE_ID, TEAM_ID, temporaryDirectory } from "./test-fixtures";

let valid: AppleCredentialsInput;
let caPem: string;

beforeAll(async () => {
  const paths = await ensureDevCredentials(await temporaryDirectory(), {
    passTypeIdentifier: PASS_TYPE_ID,
    teamIdentifier: TEAM_ID,
  });
  caPem = await readFile(paths.caCertPath, "utf8");
  valid = {
    wwdrPem: await readFile(paths.wwdrCertPath, "utf8"),
    signerCertPem: await readFile(paths.signerCertPath, "utf8"),
    signerKeyPem: await readFile(paths.signerKeyPath, "utf8"),
    passTypeIdentifier: PASS_TYPE_ID,
    teamIdentifier: TEAM_ID,
  };
});

function errorOf(input: AppleCredentialsInput): unknown {
  try {
    loadAppleCredentials(input);
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectCode(input: AppleCredentialsInput, code: PassBuilderErrorCode): Error {
  const error = errorOf(input);
  expect(isPassBuilderError(error, code), String(error)).toBe(true);
  return error as Error;
}

describe("loadAppleCredentials", () => {
  it("accepts matching development credentials and decrypts the key once", () => {
    const credentials = loadAppleCredentials(valid);
    expect(credentials.passTypeIdentifier).toBe(PASS_TYPE_ID);
    expect(credentials.teamIdentifier).toBe(TEAM_ID);
    expect(credentials.signerKey.type).toBe("private");
  });

  it("reports a signer certificate that expired yesterday", async () => {
    // One key plays WWDR and signer: the expiry check must come before anything else.
    const privateKey = createPrivateKey(valid.signerKeyPem);
    const keyPair = { privateKey, publicKey: createPublicKey(privateKey) };
    const day = 86_400_000;
    const wwdrPem = await issueCertificate({
      subject: [["CN", "Test WWDR"]],
      keyPair,
      issuer: "self",
      notBefore: new Date(Date.now() - 30 * day),
      notAfter: new Date(Date.now() + 30 * day),
      profile: { kind: "intermediate-ca" },
    });
    const expiredPem = await issueCertificate({
      subject: [
        ["UID", PASS_TYPE_ID],
        ["OU", TEAM_ID],
      ],
      keyPair,
      issuer: { certPem: wwdrPem, privateKey },
      notBefore: new Date(Date.now() - 10 * day),
      notAfter: new Date(Date.now() - day),
      profile: { kind: "pass-type-id", passTypeIdentifier: PASS_TYPE_ID },
    });
    const error = expectCode(
      { ...valid, wwdrPem, signerCertPem: expiredPem },
      "certificate-expired",
    );
    expect(error.message).toContain("renew it");
  });

  it("checks expiry against the given clock and names the end date", () => {
    const error = expectCode(
      { ...valid, now: new Date(Date.now() + 3 * 365 * 86_400_000) },
      "certificate-expired",
    );
    expect(error.message).toMatch(/signer .*expired on \d{4}-/);
    if (isPassBuilderError(error, "certificate-expired")) {
      expect(error.info.certificate).toBe("signer");
    }
  });

  it("reports a key that does not belong to the certificate", () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const error = expectCode(
      { ...valid, signerKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString() },
      "key-cert-mismatch",
    );
    expect(error.message).toContain("does not belong");
  });

  it("reports a team id that differs from the certificate's OU", () => {
    const error = expectCode({ ...valid, teamIdentifier: "ZZZZZ99999" }, "team-id-mismatch");
    expect(error.message).toContain(TEAM_ID);
    expect(error.message).toContain("ZZZZZ99999");
  });

  it("reports a pass type id that differs from the certificate's UID", () => {
    expectCode({ ...valid, passTypeIdentifier: "pass.com.example.other" }, "pass-type-id-mismatch");
  });

  it("reads an encrypted key with its passphrase and refuses a wrong or missing one", () => {
    const encrypted = loadAppleCredentials(valid)
      .signerKey.export({
        type: "pkcs8",
        format: "pem",
        cipher: "aes-256-cbc",
        passphrase: "s3cret",
      })
      .toString();
    expect(() =>
      loadAppleCredentials({ ...valid, signerKeyPem: encrypted, passphrase: "s3cret" }),
    ).not.toThrow();
    expectCode({ ...valid, signerKeyPem: encrypted, passphrase: "wrong" }, "bad-passphrase");
    expectCode({ ...valid, signerKeyPem: encrypted }, "bad-passphrase");
  });

  it("refuses text that is not a certificate, and a signer not issued by the given WWDR", () => {
    expectCode(
      { ...valid, signerCertPem: "-----BEGIN CERTIFICATE-----\nnope\n" },
      "invalid-certificate",
    );
    expectCode({ ...valid, signerKeyPem: "not a key" }, "invalid-certificate");
    const error = expectCode({ ...valid, wwdrPem: caPem }, "invalid-certificate");
    expect(error.message).toContain("not issued by the WWDR");
  });
});
