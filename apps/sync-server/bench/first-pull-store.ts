import { randomUUID } from "node:crypto";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import type { Services } from "../src/services";
import { CardNumberTaken } from "../src/storage/card-numbers";
import { databaseSettings } from "./bench-support";
import { seedActivity } from "./seed-activity";

/** A seeded merchant: its main location, and its other locations. */
export interface Seeded {
  readonly merchantId: string;
  readonly locationId: string;
  readonly others: readonly string[];
}

/** What the merchant's history looks like (`seedActivity`'s plan, as the bench sizes it). */
export interface SeedPlan {
  readonly name: string;
  readonly cards: number;
  readonly events: number;
  readonly locations: number;
  readonly homeShare?: number;
}

/** `fn` with the services of the database in `dataDir` (or at `databaseUrl`), closed after. */
export async function withServices<T>(
  dataDir: string,
  databaseUrl: string | null,
  fn: (services: Services) => Promise<T>,
): Promise<T> {
  const config = { ...loadConfig({}), dataDir, ...databaseSettings(databaseUrl).config };
  const services = await openServices(config, createLogger("warn"), "http://localhost");
  try {
    return await fn(services);
  } finally {
    await services.storage.close();
  }
}

/**
 * A merchant seeded through the store's append path. `seedActivity` draws card numbers from
 * random ids without the enrolment's retry: with tens of thousands of cards two may collide
 * (`CardNumberTaken`); a fresh merchant is seeded then.
 */
export async function seed(
  dataDir: string,
  databaseUrl: string | null,
  plan: SeedPlan,
): Promise<Seeded> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withServices(dataDir, databaseUrl, (services) => seedOnce(services, plan));
    } catch (error) {
      if (!(error instanceof CardNumberTaken) || attempt === 5) throw error;
      process.stderr.write(`  ${error.message}: seeding another merchant\n`);
    }
  }
}

async function seedOnce(services: Services, plan: SeedPlan): Promise<Seeded> {
  const merchant = await createMerchant(services, plan.name);
  const { store } = services;
  const program = (await store.getProgram(merchant.merchantId, merchant.programId))?.program;
  if (!program) throw new Error("no program");
  const server = await store.getServerDevice(merchant.merchantId);
  const others: string[] = [];
  for (let i = 2; i <= plan.locations; i++) {
    const id = randomUUID();
    const pin = { salt: "c2FsdA", iterations: 1, hash: "aGFzaA" };
    const made = { merchantId: merchant.merchantId, name: `Shop ${i}`, staffPin: pin };
    await store.createLocation({ ...made, id, createdAt: Date.now(), syncScope: "location" });
    others.push(id);
  }
  await seedActivity(store, {
    merchantId: merchant.merchantId,
    program,
    serverDeviceId: server.id,
    locationIds: [merchant.locationId, ...others],
    events: plan.events,
    cards: plan.cards,
    end: Date.now(),
    days: 365,
    ...(plan.homeShare === undefined ? {} : { homeShare: plan.homeShare }),
  });
  return { merchantId: merchant.merchantId, locationId: merchant.locationId, others };
}
