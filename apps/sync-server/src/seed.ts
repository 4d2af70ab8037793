import { createAdmin } from "./admin/create-admin";
import { createMerchant } from "./merchants/create-merchant";
import { randomString } from "./secrets/random-token";
import type { Services } from "./services";

export const DEMO_MERCHANT = "Demo Coffee";
export const DEMO_ADMIN_EMAIL = "owner@demo-coffee.test";

export interface DemoSeed {
  readonly merchantId: string;
  readonly locationId: string;
  readonly programId: string;
  readonly programSlug: string;
  readonly adminEmail: string;
  /** Printed once at first start; only its hash is stored. */
  readonly adminPassword: string;
  readonly staffPin: string;
}

/** On the very first start (an empty database): the demo merchant, program, location and admin. */
export async function seedDemo(services: Services): Promise<DemoSeed | null> {
  if (!(await services.store.isEmpty())) return null;
  const merchant = await createMerchant(services, DEMO_MERCHANT);
  const adminPassword = randomString(
    "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789",
    14,
  );
  const admin = await createAdmin(services, {
    email: DEMO_ADMIN_EMAIL,
    password: adminPassword,
    merchantId: merchant.merchantId,
  });
  if (!admin.ok) throw new Error(`could not create the demo admin: ${admin.reason}`);
  return { ...merchant, adminEmail: DEMO_ADMIN_EMAIL, adminPassword };
}
