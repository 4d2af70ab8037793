import { join } from "node:path";
import { createApiKey } from "../src/api-keys/api-key";
import { enrollCard } from "../src/cards/enroll-card";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import { cloneRegisteredCards } from "../test/campaign-cards";
import { databaseSettings } from "./bench-support";

/** A merchant whose `cards` cards each have a pass with one registered iPhone. */
export interface CampaignSetup {
  readonly dataDir: string;
  readonly env: Record<string, string>;
  readonly merchantId: string;
  readonly programId: string;
  /** An API key of the merchant, for `POST /api/v1/campaigns`. */
  readonly key: string;
}

/** Makes a campaign benches' merchant in `root/name` (SQLite, or PostgreSQL at `databaseUrl`). */
export async function setUpCampaignCards(
  root: string,
  name: string,
  databaseUrl: string | null,
  cards: number,
): Promise<CampaignSetup> {
  const dataDir = join(root, name);
  const database = databaseSettings(databaseUrl);
  const config = { ...loadConfig({}), dataDir, ...database.config };
  const services = await openServices(config, createLogger("warn"), "http://localhost");
  const merchant = await createMerchant(services, "Bench Cafe");
  const template = await enrollCard(services, { ...merchant, source: "api" });
  if (!("kind" in template) || template.kind !== "answer") throw new Error("enrolment failed");
  const key = await createApiKey(services, merchant.merchantId, "bench");
  if (!key.ok) throw new Error(key.reason);
  await services.storage.close();
  await cloneRegisteredCards(
    databaseUrl,
    dataDir,
    JSON.parse(template.response.body).cardId,
    cards - 1,
  );
  return {
    dataDir,
    env: database.env,
    merchantId: merchant.merchantId,
    programId: merchant.programId,
    key: key.key,
  };
}
