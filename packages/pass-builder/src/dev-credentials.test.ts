import { X509Certificate } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAppleCredentials } from "./apple-credentials";
import { type DevCredentialPaths, ensureDevCredentials } from "./dev-credentials";
import { parseGoogleServiceAccount } from "./google-service-account";
import { PASS_TYPE_ID, TEAM_ID, temporaryDirectory } from "./test-fixtures";
import { loadX509 } from "./x509";

let dir: string;
let paths: DevCredentialPaths;

const ids = { passTypeIdentifier: PASS_TYPE_ID, teamIdentifier: TEAM_ID };
const read = (path: string) => readFile(path, "utf8");

beforeAll(async () => {
  dir = await temporaryDirectory();
  paths = await ensureDevCredentials(dir, ids);
});

describe("ensureDevCredentials", () => {
  it("writes the CA at dev-ca.pem and the service account at google-service-account.json", () => {
    expect(paths.caCertPath).toBe(`${dir}/dev-ca.pem`);
    expect(paths.googleServiceAccountPath).toBe(`${dir}/google-service-account.json`);
  });

  it("issues a Pass Type ID–like signer under a WWDR-like intermediate under the CA", async () => {
    const ca = new X509Certificate(await read(paths.caCertPath));
    const wwdr = new X509Certificate(await read(paths.wwdrCertPath));
    const signer = new X509Certificate(await read(paths.signerCertPath));
    expect(wwdr.checkIssued(ca) && wwdr.verify(ca.publicKey)).toBe(true);
    expect(signer.checkIssued(wwdr) && signer.verify(wwdr.publicKey)).toBe(true);
    expect(signer.subject).toContain(`UID=${PASS_TYPE_ID}`);
    expect(signer.subject).toContain(`OU=${TEAM_ID}`);
    expect(signer.keyUsage).toEqual(
      expect.arrayContaining(["1.2.840.113635.100.4.14", "1.3.6.1.5.5.7.3.2"]),
    );
    expect(signer.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const x509 = await loadX509();
    const marker = new x509.X509Certificate(await read(paths.signerCertPath)).getExtension(
      "1.2.840.113635.100.6.1.16",
    );
    // A UTF8String: tag, length, then the Pass Type ID.
    expect(marker && Buffer.from(marker.value).subarray(2).toString()).toBe(PASS_TYPE_ID);
    expect(
      loadAppleCredentials({
        ...ids,
        wwdrPem: wwdr.toString(),
        signerCertPem: signer.toString(),
        signerKeyPem: await read(paths.signerKeyPath),
      }).passTypeIdentifier,
    ).toBe(PASS_TYPE_ID);
  });

  it("writes keys readable by the owner only", async () => {
    expect((await stat(paths.signerKeyPath)).mode & 0o777).toBe(0o600);
    expect((await stat(paths.googleServiceAccountPath)).mode & 0o777).toBe(0o600);
  });

  it("writes a Google-style service-account key file", async () => {
    const json = JSON.parse(await read(paths.googleServiceAccountPath)) as Record<string, string>;
    expect(Object.keys(json).sort()).toEqual(
      [
        "client_email",
        "client_id",
        "private_key",
        "private_key_id",
        "project_id",
        "token_uri",
        "type",
      ].sort(),
    );
    expect(json.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const account = parseGoogleServiceAccount(JSON.stringify(json));
    expect(account.clientEmail).toBe("wallet-dev@stamp-dev.iam.gserviceaccount.com");
    expect(account.tokenUri).toBe("https://oauth2.googleapis.com/token");
  });

  it("reuses what is there, and renews the Apple set when the ids change", async () => {
    const before = await Promise.all(Object.values(paths).map(read));
    await ensureDevCredentials(dir, ids);
    expect(await Promise.all(Object.values(paths).map(read))).toEqual(before);

    const google = await read(paths.googleServiceAccountPath);
    const signer = await read(paths.signerCertPath);
    await ensureDevCredentials(dir, { ...ids, teamIdentifier: "NEWTEAM123" });
    expect(await read(paths.googleServiceAccountPath)).toBe(google);
    expect(await read(paths.signerCertPath)).not.toBe(signer);
    expect(new X509Certificate(await read(paths.signerCertPath)).subject).toContain(
      "OU=NEWTEAM123",
    );
  });

  it("replaces a damaged service-account file", async () => {
    await writeFile(paths.googleServiceAccountPath, "{}");
    await ensureDevCredentials(dir, { ...ids, teamIdentifier: "NEWTEAM123" });
    expect(parseGoogleServiceAccount(await read(paths.googleServiceAccountPath)).projectId).toBe(
      "stamp-dev",
    );
  });
});
