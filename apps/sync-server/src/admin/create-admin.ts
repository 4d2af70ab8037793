import { randomUUID } from "node:crypto";
import type { Services } from "../services";

export const MIN_PASSWORD_LENGTH = 10;

export type AdminCreation =
  | { readonly ok: true; readonly userId: string; readonly created: boolean }
  | {
      readonly ok: false;
      readonly reason: "unknown-merchant" | "weak-password" | "other-merchant";
    };

/**
 * Creates an owner's account (the CLI's way in to a merchant), or sets a new password on an
 * existing account of the same merchant (the way back in after a lost password; its role stays).
 */
export async function createAdmin(
  services: Pick<Services, "store" | "now" | "passwords">,
  request: { email: string; password: string; merchantId: string },
): Promise<AdminCreation> {
  const { store } = services;
  if (request.password.length < MIN_PASSWORD_LENGTH) return { ok: false, reason: "weak-password" };
  if (!(await store.getMerchant(request.merchantId)))
    return { ok: false, reason: "unknown-merchant" };
  const email = request.email.trim().toLowerCase();
  const passwordHash = await services.passwords.hash(request.password);
  const existing = await store.findAdminByEmail(email);
  if (existing) {
    if (existing.merchantId !== request.merchantId) return { ok: false, reason: "other-merchant" };
    await store.setAdminPassword(email, passwordHash);
    return { ok: true, userId: existing.id, created: false };
  }
  const userId = randomUUID();
  await store.createAdmin({
    id: userId,
    merchantId: request.merchantId,
    email,
    passwordHash,
    createdAt: services.now(),
    role: "owner",
  });
  return { ok: true, userId, created: true };
}
