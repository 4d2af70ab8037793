import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AdminRole } from "../../admin/admin-role";
import type { Locale } from "../../i18n/locales";
import type { Store } from "../store";
import { MAX_OPEN_INVITATIONS_PER_MERCHANT, MAX_OPEN_RESETS_PER_ADMIN } from "../stored-bounds";
import { type ContractContext, newMerchant } from "./harness";

const HOUR = 3_600_000;

async function newAdmin(store: Store, merchantId: string, role: AdminRole) {
  const user = {
    id: randomUUID(),
    merchantId,
    email: `${randomUUID()}@example.com`,
    passwordHash: "scrypt$x",
    createdAt: Date.now(),
    role,
  };
  await store.createAdmin(user);
  return user;
}

async function newSession(store: Store, userId: string, now: number) {
  const session = {
    id: randomUUID(),
    userId,
    csrfToken: "c",
    createdAt: now,
    expiresAt: now + HOUR,
  };
  await store.createSession(session);
  return session.id;
}

function invitation(
  merchantId: string,
  email: string,
  now: number,
  role: AdminRole = "manager",
  locale: Locale | null = null,
) {
  return {
    tokenHash: randomUUID(),
    merchantId,
    email,
    role,
    invitedBy: randomUUID(),
    createdAt: now,
    expiresAt: now + HOUR,
    locale,
  };
}

/** A merchant's team: roles with always an owner, invitations and resets used once. */
export function teamContract(ctx: ContractContext): void {
  describe("team", () => {
    it("never leaves a merchant without an owner, even when two owners demote each other at once", async () => {
      const { merchantId } = await newMerchant(ctx.a.store);
      const ana = await newAdmin(ctx.a.store, merchantId, "owner");
      const ben = await newAdmin(ctx.a.store, merchantId, "owner");
      const changes = await Promise.all([
        ctx.a.store.setAdminRole(merchantId, ana.id, "manager"),
        ctx.b.store.setAdminRole(merchantId, ben.id, "staff"),
      ]);
      expect(changes.sort()).toEqual(["changed", "last-owner"]);
      const owners = (await ctx.b.store.listAdmins(merchantId)).filter((u) => u.role === "owner");
      expect(owners).toHaveLength(1);
      const owner = owners[0] as { id: string };
      expect(await ctx.a.store.removeAdmin(merchantId, owner.id)).toBe("last-owner");
      expect(await ctx.b.store.adminEmails(merchantId)).toHaveLength(1);

      const other = await newMerchant(ctx.a.store);
      expect(await ctx.a.store.setAdminRole(other.merchantId, owner.id, "staff")).toBe("unknown");
      expect(await ctx.a.store.removeAdmin(other.merchantId, owner.id)).toBe("unknown");
    });

    it("removes an account with its sessions", async () => {
      const { merchantId } = await newMerchant(ctx.a.store);
      await newAdmin(ctx.a.store, merchantId, "owner");
      const staff = await newAdmin(ctx.a.store, merchantId, "staff");
      const now = Date.now();
      const session = await newSession(ctx.a.store, staff.id, now);
      expect(await ctx.b.store.removeAdmin(merchantId, staff.id)).toBe("changed");
      expect(await ctx.a.store.findSession(session, now)).toBeNull();
      expect(await ctx.a.store.findAdminByEmail(staff.email)).toBeNull();
    });

    it("keeps invitations open until accepted once, revoked or expired; the newest per e-mail counts", async () => {
      const { merchantId } = await newMerchant(ctx.a.store);
      const now = Date.now();
      const email = `${randomUUID()}@example.com`;
      const first = invitation(merchantId, email, now);
      const second = invitation(merchantId, email, now + 1, "staff", "kk");
      expect(await ctx.a.store.createInvitation(first)).toBe(true);
      expect(await ctx.b.store.createInvitation(second)).toBe(true);
      expect(await ctx.a.store.findInvitation(first.tokenHash, now)).toBeNull();
      expect(await ctx.a.store.listInvitations(merchantId, now + 2)).toEqual([second]);

      const accepts = await Promise.all(
        [ctx.a, ctx.b].map((side) =>
          side.store.acceptInvitation(
            second.tokenHash,
            { id: randomUUID(), passwordHash: "scrypt$new" },
            now + 2,
          ),
        ),
      );
      expect(accepts.filter((a) => a.ok)).toHaveLength(1);
      expect(accepts.filter((a) => !a.ok)).toEqual([{ ok: false, reason: "unknown" }]);
      // The account speaks the language the invitation was made in.
      expect(await ctx.a.store.findAdminByEmail(email)).toMatchObject({
        merchantId,
        role: "staff",
        locale: "kk",
      });
      expect(await ctx.a.store.listInvitations(merchantId, now + 2)).toEqual([]);

      // An invitation to an e-mail that has an account meanwhile stays open.
      const again = invitation(merchantId, email, now + 3);
      await ctx.a.store.createInvitation(again);
      expect(
        await ctx.b.store.acceptInvitation(
          again.tokenHash,
          { id: randomUUID(), passwordHash: "x" },
          now + 4,
        ),
      ).toEqual({ ok: false, reason: "email-taken" });
      expect(await ctx.a.store.findInvitation(again.tokenHash, now + 4)).toEqual(again);
      expect(await ctx.a.store.revokeInvitation(randomUUID(), again.tokenHash)).toBe(false);
      expect(await ctx.a.store.revokeInvitation(merchantId, again.tokenHash)).toBe(true);
      expect(await ctx.a.store.findInvitation(again.tokenHash, now + 4)).toBeNull();

      const late = invitation(merchantId, `${randomUUID()}@example.com`, now);
      await ctx.a.store.createInvitation(late);
      expect(
        await ctx.a.store.acceptInvitation(
          late.tokenHash,
          { id: randomUUID(), passwordHash: "x" },
          now + HOUR,
        ),
      ).toEqual({ ok: false, reason: "unknown" });
    });

    it(`keeps at most ${MAX_OPEN_INVITATIONS_PER_MERCHANT} invitations waiting per merchant, when sent at once`, async () => {
      const { merchantId } = await newMerchant(ctx.a.store);
      const now = Date.now();
      const made = await Promise.all(
        Array.from({ length: MAX_OPEN_INVITATIONS_PER_MERCHANT + 5 }, (_, i) =>
          (i % 2 ? ctx.a : ctx.b).store.createInvitation(
            invitation(merchantId, `${randomUUID()}@example.com`, now),
          ),
        ),
      );
      expect(made.filter(Boolean)).toHaveLength(MAX_OPEN_INVITATIONS_PER_MERCHANT);
      expect(await ctx.a.store.listInvitations(merchantId, now)).toHaveLength(
        MAX_OPEN_INVITATIONS_PER_MERCHANT,
      );
    });

    it("uses a reset link once: a new password, every session and every other link of the account ended", async () => {
      const { merchantId } = await newMerchant(ctx.a.store);
      const user = await newAdmin(ctx.a.store, merchantId, "manager");
      const now = Date.now();
      const session = await newSession(ctx.a.store, user.id, now);
      const links = Array.from({ length: MAX_OPEN_RESETS_PER_ADMIN + 1 }, (_, i) => ({
        tokenHash: randomUUID(),
        userId: user.id,
        createdAt: now + i,
        expiresAt: now + HOUR,
      }));
      for (const link of links) await ctx.a.store.createPasswordReset(link);
      const [oldest, second, , newest] = links.map((l) => l.tokenHash) as string[];
      // The oldest was retired when the fourth was made.
      expect(
        await ctx.a.store.claimPasswordReset(oldest as string, "scrypt$a", now + 10),
      ).toBeNull();
      const claims = await Promise.all([
        ctx.a.store.claimPasswordReset(newest as string, "scrypt$b", now + 10),
        ctx.b.store.claimPasswordReset(newest as string, "scrypt$c", now + 10),
      ]);
      expect(claims.filter((c) => c !== null)).toHaveLength(1);
      expect(claims.find((c) => c !== null)).toMatchObject({ id: user.id, email: user.email });
      expect(await ctx.a.store.findSession(session, now + 10)).toBeNull();
      expect(
        await ctx.b.store.claimPasswordReset(second as string, "scrypt$d", now + 10),
      ).toBeNull();
      const hash = (await ctx.a.store.findAdminByEmail(user.email))?.passwordHash;
      expect(["scrypt$b", "scrypt$c"]).toContain(hash);

      const expiring = {
        tokenHash: randomUUID(),
        userId: user.id,
        createdAt: now,
        expiresAt: now + 5,
      };
      await ctx.a.store.createPasswordReset(expiring);
      expect(await ctx.a.store.claimPasswordReset(expiring.tokenHash, "x", now + 5)).toBeNull();
    });
  });
}
