import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { type AppleCredentials, loadAppleCredentials } from "./apple-credentials";
import { ensureDevCredentials } from "./dev-credentials";
import { createManifestSigner } from "./manifest-signature";
import { PASS_TYPE_ID, TEAM_ID, temporaryDirectory } from "./test-fixtures";
import { loadX509 } from "./x509";

let credentials: AppleCredentials;

beforeAll(async () => {
  const paths = await ensureDevCredentials(await temporaryDirectory(), {
    passTypeIdentifier: PASS_TYPE_ID,
    teamIdentifier: TEAM_ID,
  });
  credentials = loadAppleCredentials({
    wwdrPem: await readFile(paths.wwdrCertPath),
    signerCertPem: await readFile(paths.signerCertPath),
    signerKeyPem: await readFile(paths.signerKeyPath),
    passTypeIdentifier: PASS_TYPE_ID,
    teamIdentifier: TEAM_ID,
  });
});

describe("createManifestSigner", () => {
  it("embeds the WWDR and signer certificates byte for byte", async () => {
    const x509 = await loadX509();
    const signature = (await createManifestSigner(credentials))(Buffer.from("{}"), new Date());
    const embedded = new x509.X509Certificates(signature).map((c) => Buffer.from(c.rawData));
    expect(embedded).toEqual([credentials.wwdrCertificate.raw, credentials.signerCertificate.raw]);
  });
});
