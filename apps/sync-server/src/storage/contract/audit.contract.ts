import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../audit-store";
import { type ContractContext, newMerchant } from "./harness";

/** The audit log: append-only, per merchant, searched by actor, action and time, paged. */
export function auditContract(ctx: ContractContext): void {
  describe("audit log", () => {
    it("pages a merchant's entries newest first, filtered by actor, action and time", async () => {
      const m = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const entry = (at: number, actorLabel: string, action: string): AuditEntry => ({
        id: randomUUID(),
        merchantId: m.merchantId,
        at,
        actorId: randomUUID(),
        actorLabel,
        action,
        target: null,
        detail: null,
      });
      const entries = [
        entry(1_000, "Ana@Example.com", "program.updated"),
        entry(2_000, "ben@example.com", "device.revoked"),
        entry(2_000, "ana@example.com", "export.events"),
        entry(3_000, "100%_sure", "program.updated"),
      ];
      for (const e of entries) await ctx.a.store.appendAudit(e);
      await ctx.a.store.appendAudit({
        ...entry(2_500, "ana@example.com", "program.updated"),
        merchantId: other.merchantId,
      });

      const all = await ctx.b.store.listAudit(m.merchantId, {}, null, 10);
      expect(all.map((e) => e.at)).toEqual([3_000, 2_000, 2_000, 1_000]);
      expect(all[0]).toEqual(entries[3]);

      const first = await ctx.b.store.listAudit(m.merchantId, {}, null, 2);
      const last = first.at(-1) as AuditEntry;
      const rest = await ctx.b.store.listAudit(m.merchantId, {}, { at: last.at, id: last.id }, 2);
      expect([...first, ...rest].map((e) => e.id)).toEqual(all.map((e) => e.id));

      const ana = await ctx.b.store.listAudit(m.merchantId, { actor: "ANA@" }, null, 10);
      expect(ana.map((e) => e.action)).toEqual(["export.events", "program.updated"]);
      expect((await ctx.b.store.listAudit(m.merchantId, { actor: "0%_" }, null, 10)).length).toBe(
        1,
      );
      expect((await ctx.b.store.listAudit(m.merchantId, { actor: "%" }, null, 10)).length).toBe(1);
      const programs = await ctx.b.store.listAudit(
        m.merchantId,
        { action: "program.updated" },
        null,
        10,
      );
      expect(programs.map((e) => e.at)).toEqual([3_000, 1_000]);
      const window = await ctx.b.store.listAudit(
        m.merchantId,
        { from: 2_000, to: 3_000 },
        null,
        10,
      );
      expect(window.map((e) => e.action).sort()).toEqual(["device.revoked", "export.events"]);
    });
  });
}
