import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_SESSIONS_PER_ADMIN } from "../stored-bounds";
import { type ContractContext, newMerchant } from "./harness";

/** Admin accounts and sessions: sessions expire, a new password ends them. */
export function adminsContract(ctx: ContractContext): void {
  describe("admin accounts", () => {
    it("keeps sessions until they expire or the password changes", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const email = `${randomUUID()}@example.com`;
      const user = {
        id: randomUUID(),
        merchantId: merchant.merchantId,
        email,
        passwordHash: "scrypt$old",
        createdAt: Date.now(),
        role: "owner" as const,
        locale: null,
      };
      await ctx.a.store.createAdmin(user);
      expect(await ctx.b.store.findAdminByEmail(email)).toEqual(user);
      expect(await ctx.b.store.adminEmails(merchant.merchantId)).toEqual([{ email, locale: null }]);
      expect(await ctx.b.store.adminEmails((await newMerchant(ctx.a.store)).merchantId)).toEqual(
        [],
      );
      const now = Date.now();
      const session = {
        id: randomUUID(),
        userId: user.id,
        csrfToken: "csrf",
        createdAt: now,
        expiresAt: now + 1000,
      };
      await ctx.a.store.createSession(session);
      expect(await ctx.b.store.findSession(session.id, now)).toEqual({ ...session, user });
      expect(await ctx.b.store.findSession(session.id, now + 1000)).toBeNull();

      expect(await ctx.a.store.setAdminPassword(email, "scrypt$new")).toBe(true);
      expect(await ctx.b.store.findSession(session.id, now)).toBeNull();
      expect((await ctx.b.store.findAdminByEmail(email))?.passwordHash).toBe("scrypt$new");
      expect(await ctx.a.store.setAdminPassword("nobody@example.com", "x")).toBe(false);

      // The account's language: chosen, seen by every instance (with the session), cleared.
      expect(await ctx.a.store.setAdminLocale(user.id, "he")).toBe(true);
      expect((await ctx.b.store.findAdminByEmail(email))?.locale).toBe("he");
      expect(await ctx.a.store.adminEmails(merchant.merchantId)).toEqual([{ email, locale: "he" }]);
      const withLanguage = { ...session, id: randomUUID(), expiresAt: now + 5000 };
      await ctx.a.store.createSession(withLanguage);
      expect((await ctx.b.store.findSession(withLanguage.id, now))?.user.locale).toBe("he");
      expect(await ctx.b.store.setAdminLocale(user.id, null)).toBe(true);
      expect((await ctx.a.store.findAdminByEmail(email))?.locale).toBeNull();
      expect(await ctx.a.store.setAdminLocale(randomUUID(), "de")).toBe(false);

      const next = { ...session, id: randomUUID() };
      await ctx.a.store.createSession(next);
      await ctx.b.store.deleteSession(next.id);
      expect(await ctx.a.store.findSession(next.id, now)).toBeNull();
    });

    it("keeps at most 20 sessions per account: a new login ends the oldest and the expired", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const user = {
        id: randomUUID(),
        merchantId: merchant.merchantId,
        email: `${randomUUID()}@example.com`,
        passwordHash: "scrypt$x",
        createdAt: Date.now(),
        role: "owner" as const,
      };
      await ctx.a.store.createAdmin(user);
      const now = Date.now();
      const sessions = Array.from({ length: MAX_SESSIONS_PER_ADMIN + 2 }, (_, i) => ({
        id: randomUUID(),
        userId: user.id,
        csrfToken: "csrf",
        createdAt: now + i,
        expiresAt: now + 3_600_000,
      }));
      for (const [i, session] of sessions.entries())
        await (i % 2 === 0 ? ctx.a : ctx.b).store.createSession(session);
      const open = async () =>
        (await Promise.all(sessions.map((s) => ctx.a.store.findSession(s.id, now)))).map(
          (found) => found !== null,
        );
      expect(await open()).toEqual(sessions.map((_, i) => i >= 2));
    });
  });
}
