import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDevCredentials } from "@stamp/pass-builder";
import type { TestProject } from "vitest/node";
import { loadWalletConfig } from "../src/wallet/wallet-config";

declare module "vitest" {
  export interface ProvidedContext {
    /** Development wallet credentials made once for the run (see test-server.ts). */
    devCredentials: string;
  }
}

/**
 * The development Apple and Google credentials a server generates in DATA_DIR/certs on its first
 * start (four RSA keys, ~0.5 CPU-s), made once per run (vitest globalSetup): a test server's fresh
 * data directory starts with a copy, as after a restart, and the server checks and uses them.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), "stamp-dev-credentials-"));
  const wallet = loadWalletConfig({});
  await ensureDevCredentials(dir, {
    passTypeIdentifier: wallet.passTypeId,
    teamIdentifier: wallet.teamId,
  });
  project.provide("devCredentials", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
