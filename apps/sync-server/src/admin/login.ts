import type { Services } from "../services";
import type { AdminUserRecord } from "../storage/store";

export async function checkLogin(
  services: Services,
  email: string,
  password: string,
): Promise<AdminUserRecord | null> {
  const user = await services.store.findAdminByEmail(email.trim().toLowerCase());
  const matches = await services.passwords.verify(password, user?.passwordHash ?? null);
  return user && matches ? user : null;
}
