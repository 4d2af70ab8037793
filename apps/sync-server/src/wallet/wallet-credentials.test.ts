import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DevCredentialPaths,
  ensureDevCredentials,
  isPassBuilderError,
} from "@stamp/pass-builder";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { stampdAnswer } from "../../test/spawn-server";
import { startTestServer } from "../../test/test-server";
import { WalletSetupError } from "./open-wallet";

let dev: DevCredentialPaths;

beforeAll(async () => {
  // The run's development credentials (made once, dev-credentials-global-setup.ts), as files.
  dev = await ensureDevCredentials(inject("devCredentials"), {
    passTypeIdentifier: "pass.dev.stamp.loyalty",
    teamIdentifier: "DEVTEAM123",
  });
});

const appleEnv = () => ({
  APPLE_WWDR_PEM: dev.wwdrCertPath,
  APPLE_SIGNER_CERT_PEM: dev.signerCertPath,
  APPLE_SIGNER_KEY_PEM: dev.signerKeyPath,
});

async function startError(walletEnv: NodeJS.ProcessEnv): Promise<unknown> {
  try {
    const server = await startTestServer({ walletEnv });
    await server.close();
  } catch (error) {
    return error;
  }
  throw new Error("the server started");
}

describe("wallet credentials at start-up", () => {
  it("starts with configured real-style credentials that match the ids", async () => {
    const server = await startTestServer({ walletEnv: appleEnv() });
    await server.close();
  });

  it("refuses a signer certificate for another pass type id", async () => {
    const error = await startError({ ...appleEnv(), PASS_TYPE_ID: "pass.com.other.card" });
    expect(isPassBuilderError(error) && error.info.code).toBe("pass-type-id-mismatch");
  });

  it("refuses another team id", async () => {
    const error = await startError({ ...appleEnv(), APPLE_TEAM_ID: "OTHERTEAM1" });
    expect(isPassBuilderError(error) && error.info.code).toBe("team-id-mismatch");
  });

  it("names the variable of a file it cannot read", async () => {
    const error = await startError({ ...appleEnv(), APPLE_WWDR_PEM: "/nonexistent/wwdr.pem" });
    expect(error).toBeInstanceOf(WalletSetupError);
    expect(String(error)).toContain("APPLE_WWDR_PEM");
  });

  it("refuses an APNs token key that is not EC P-256", async () => {
    const error = await startError({ APNS_KEY_PEM: dev.signerKeyPath, APNS_KEY_ID: "KEY1234567" });
    expect(isPassBuilderError(error) && error.info.code).toBe("invalid-apns-key");
  });

  it("stampd serve says what is wrong in one line and exits non-zero", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "stamp-cli-"));
    const result = await stampdAnswer(dataDir, ["serve"], {
      ...appleEnv(),
      PORT: "0",
      HTTPS_PORT: "0",
      PASS_TYPE_ID: "pass.com.other.card",
    });
    expect(result.exitCode).not.toBe(0);
    const answer = result.answer as { error: { code: string; message: string } };
    expect(answer.error.code).toBe("wallet-pass-type-id-mismatch");
    expect(answer.error.message).toContain("pass.com.other.card");
  });
});
