import type { Services } from "../services";
import type { AdminUserRecord } from "../storage/store";
import { hashPassword, verifyPassword } from "./password";

// Checked when the e-mail is unknown, so a wrong address costs as long as a wrong password.
const decoy = hashPassword("decoy password that matches nothing");

export async function checkLogin(
  services: Services,
  email: string,
  password: string,
): Promise<AdminUserRecord | null> {
  const user = await services.store.findAdminByEmail(email.trim().toLowerCase());
  const matches = await verifyPassword(password, user?.passwordHash ?? (await decoy));
  return user && matches ? user : null;
}
