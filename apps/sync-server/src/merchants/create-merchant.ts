import { randomUUID } from "node:crypto";
import { newStaffPin, staffPinHash } from "../locations/staff-pin";
import { defaultProgram } from "../programs/default-program";
import { uniqueSlug } from "../programs/program-slug";
import type { Services } from "../services";

export interface NewMerchant {
  readonly merchantId: string;
  readonly locationId: string;
  readonly programId: string;
  readonly programSlug: string;
  /** Shown once: only its hash is stored. */
  readonly staffPin: string;
}

/**
 * A merchant ready to use: its card-code key, one location with a staff PIN, the default program
 * and the server device that signs server-made events.
 */
export async function createMerchant(
  services: Pick<Services, "store" | "cardKeys" | "now">,
  name: string,
): Promise<NewMerchant> {
  const now = services.now();
  const merchantId = randomUUID();
  const locationId = randomUUID();
  const staffPin = newStaffPin();
  const program = defaultProgram(merchantId);
  const slug = await uniqueSlug(services.store, name);
  // Keys first: a merchant row without keys could not sign a card.
  await services.cardKeys.create(merchantId, new Date(now));
  await services.store.createMerchant({
    merchant: { id: merchantId, name, createdAt: now },
    location: {
      id: locationId,
      merchantId,
      name: "Main counter",
      staffPin: await staffPinHash(staffPin),
      createdAt: now,
      syncScope: "location",
    },
    program: { program, slug, createdAt: now, updatedAt: now },
    serverDevice: {
      id: randomUUID(),
      merchantId,
      locationId: null,
      kind: "server",
      name: "Server",
      mode: null,
      createdAt: now,
    },
  });
  return { merchantId, locationId, programId: program.id, programSlug: slug, staffPin };
}
