import { randomUUID } from "node:crypto";
import { cardNumberFor, formatCardNumber } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { admitEvent } from "../../sync/admission";
import type { Store } from "../store";
import { MAX_RESTORE_LINKS_PER_CARD } from "../stored-bounds";
import {
  append,
  type ContractContext,
  cardRecord,
  EventMaker,
  newMerchant,
  newTill,
  type TestMerchant,
} from "./harness";

/** A card enrolled with a profile, its answer kept under an Idempotency-Key as the API keeps it. */
async function customer(
  store: Store,
  merchant: TestMerchant,
  profile: Record<string, string>,
  key = randomUUID(),
): Promise<string> {
  const id = randomUUID();
  const now = Date.now();
  const enrolled = new EventMaker(merchant).make("card.enrolled", id, { source: "api" }, now);
  const answer = await store.createCard(
    { ...cardRecord(merchant, id, now), profile },
    { merchantId: merchant.merchantId, events: [enrolled], admit: admitEvent, now },
    () => ({ status: 201, body: JSON.stringify({ cardId: id, profile }) }),
    { key, requestHash: "h" },
  );
  if (answer.kind !== "answer") throw new Error("card not created");
  return id;
}

/** Finding customers by what they told the shop, and forgetting it on request. */
export function customersContract(ctx: ContractContext): void {
  describe("customers", () => {
    it("are found by name, e-mail or phone in any case, or by card id or code, in one merchant only, page by page", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const ana = await customer(ctx.a.store, merchant, {
        name: "Ana Müller",
        email: "ana@example.com",
        phone: "+49 170 1234",
      });
      const bob = await customer(ctx.a.store, merchant, { name: "Bob", email: "BOB@Example.com" });
      await customer(ctx.a.store, other, { name: "Ana Other" });
      const ids = async (q: string, after: string | null = null, limit = 10) =>
        (await ctx.b.store.searchCustomers(merchant.merchantId, q, after, limit)).map((c) => c.id);
      expect(await ids("ana")).toEqual([ana]);
      expect(await ids("MÜLLER".toLowerCase())).toEqual([ana]);
      expect(await ids("example.COM")).toEqual([ana, bob].sort());
      expect(await ids("170 12")).toEqual([ana]);
      expect(await ids(ana)).toEqual([ana]);
      expect(await ids(`code-${bob}`)).toEqual([bob]);
      // By the card number as printed, with its spaces (stamp-core SPEC N4).
      expect(await ids(formatCardNumber(cardNumberFor(bob)))).toEqual([bob]);
      expect(await ids("%")).toEqual([]);
      expect(await ids("_")).toEqual([]);
      const [first, second] = [ana, bob].sort();
      expect(await ids("example", null, 1)).toEqual([first]);
      expect(await ids("example", first as string, 1)).toEqual([second]);
      expect(await ids("example", second as string, 1)).toEqual([]);
      const [found] = await ctx.b.store.searchCustomers(merchant.merchantId, "bob", null, 1);
      expect(found?.profile).toEqual({ name: "Bob", email: "BOB@Example.com" });
    });

    it("forget who a customer is on request: the profile and kept answers go, the stamps stay", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const key = randomUUID();
      const card = await customer(
        ctx.a.store,
        merchant,
        { name: "Carla", email: "c@example.com" },
        key,
      );
      const till = await newTill(ctx.a.store, merchant);
      await append(ctx.a.store, merchant, [till.stamp(card), till.stamp(card)]);
      expect(await ctx.b.store.erasePersonalData(merchant.merchantId, card, Date.now())).toBe(true);
      expect(await ctx.a.store.searchCustomers(merchant.merchantId, "carla", null, 10)).toEqual([]);
      const kept = await ctx.a.store.getCard(merchant.merchantId, card);
      expect(kept?.profile).toBeNull();
      expect(kept?.state.stamps).toBe(2);
      // The enrolment answer kept under its key held the profile: it is gone, so the same key
      // enrols afresh instead of replaying the old answer.
      await customer(ctx.a.store, merchant, { name: "Carla again" }, key);
      expect(
        await ctx.a.store.searchCustomers(merchant.merchantId, "carla again", null, 10),
      ).toHaveLength(1);
      const other = await newMerchant(ctx.a.store);
      expect(await ctx.b.store.erasePersonalData(other.merchantId, card, Date.now())).toBe(false);
    });

    it("finds cards by the last digits of their phone, however it was written", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const berlin = await customer(ctx.a.store, merchant, { phone: "+49 (30) 123-4567" });
      const local = await customer(ctx.a.store, merchant, { phone: "030 1234567" });
      await customer(ctx.a.store, merchant, { phone: "030 1234568" });
      await customer(ctx.a.store, merchant, { name: "No phone" });
      const found = await ctx.b.store.findCardsByPhone(merchant.merchantId, "234567", 10);
      expect(found.map((c) => c.id).sort()).toEqual([berlin, local].sort());
      expect(found.find((c) => c.id === berlin)?.profile?.phone).toBe("+49 (30) 123-4567");
      expect(await ctx.b.store.findCardsByPhone(merchant.merchantId, "234567", 1)).toHaveLength(1);
      const other = await newMerchant(ctx.a.store);
      expect(await ctx.b.store.findCardsByPhone(other.merchantId, "234567", 10)).toEqual([]);
    });

    it("open a card on a new phone with a link that works once, also when two processes race", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const card = await customer(ctx.a.store, merchant, { email: "Mia@Example.com" });
      expect(
        await ctx.b.store.findCardsByEmail(
          merchant.merchantId,
          merchant.program.id,
          "mia@EXAMPLE.com",
        ),
      ).toEqual([card]);
      const other = await newMerchant(ctx.a.store);
      expect(
        await ctx.b.store.findCardsByEmail(other.merchantId, other.program.id, "mia@example.com"),
      ).toEqual([]);
      const now = Date.now();
      const link = (hash: string, createdAt = now) => ({
        tokenHash: hash,
        merchantId: merchant.merchantId,
        cardId: card,
        createdAt,
        expiresAt: createdAt + 60_000,
      });
      await ctx.a.store.createRestoreLink(link("h1"));
      const claims = await Promise.all([
        ctx.a.store.claimRestoreLink("h1", now + 1),
        ctx.b.store.claimRestoreLink("h1", now + 1),
        ctx.a.store.claimRestoreLink("h1", now + 2),
      ]);
      expect(claims.filter((c) => c === card)).toHaveLength(1);
      expect(claims.filter((c) => c === null)).toHaveLength(2);
      await ctx.a.store.createRestoreLink(link("h2"));
      expect(await ctx.b.store.claimRestoreLink("h2", now + 60_000)).toBeNull();
      expect(await ctx.b.store.claimRestoreLink("unknown", now)).toBeNull();
      for (let i = 3; i <= 3 + MAX_RESTORE_LINKS_PER_CARD; i++)
        await ctx.a.store.createRestoreLink(link(`h${i}`, now + i));
      // The oldest waiting link was retired by the newer ones.
      expect(await ctx.b.store.claimRestoreLink("h3", now + 10)).toBeNull();
      expect(
        await ctx.b.store.claimRestoreLink(`h${3 + MAX_RESTORE_LINKS_PER_CARD}`, now + 10),
      ).toBe(card);
    });
  });
}
