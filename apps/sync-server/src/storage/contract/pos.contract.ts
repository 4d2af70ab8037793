import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { admitEvent } from "../../sync/admission";
import type { ReceiptRecord, Store } from "../store";
import {
  MAX_ACTIVE_API_KEYS_PER_MERCHANT,
  MAX_REVOKED_API_KEYS_PER_MERCHANT,
} from "../stored-bounds";
import {
  type ContractContext,
  cardRecord,
  EventMaker,
  newCard,
  newMerchant,
  respondJson,
  type TestMerchant,
} from "./harness";

/** API keys, answers kept under idempotency keys, receipts claimed once. */
export function posContract(ctx: ContractContext): void {
  describe("API keys", () => {
    it("finds a key by its hash, lists it for its merchant only, revokes it once", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const key = {
        id: randomUUID(),
        merchantId: merchant.merchantId,
        name: "Till POS",
        prefix: "sk_1234",
        hash: `hash-${randomUUID()}`,
        createdAt: Date.now(),
        revokedAt: null,
      };
      await ctx.a.store.createApiKey(key);
      expect(await ctx.b.store.findApiKey(key.hash)).toEqual(key);
      expect(await ctx.b.store.listApiKeys(merchant.merchantId)).toEqual([key]);
      expect(await ctx.b.store.listApiKeys(other.merchantId)).toEqual([]);
      expect(await ctx.a.store.revokeApiKey(other.merchantId, key.id, Date.now())).toBe(false);
      expect(await ctx.a.store.revokeApiKey(merchant.merchantId, key.id, Date.now())).toBe(true);
      expect(await ctx.b.store.revokeApiKey(merchant.merchantId, key.id, Date.now())).toBe(false);
    });

    it("keeps at most 20 active keys per merchant, also when two processes add at once, and the newest 100 revoked", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const key = (merchantId: string, i: number) => ({
        id: randomUUID(),
        merchantId,
        name: `Key ${i}`,
        prefix: "sk_1234",
        hash: `hash-${randomUUID()}`,
        createdAt: Date.now(),
        revokedAt: null,
      });
      const keys = Array.from({ length: 25 }, (_, i) => key(merchant.merchantId, i));
      const kept = await Promise.all(
        keys.map((k, i) => (i % 2 === 0 ? ctx.a : ctx.b).store.createApiKey(k)),
      );
      expect(kept.filter(Boolean)).toHaveLength(MAX_ACTIVE_API_KEYS_PER_MERCHANT);
      // Another merchant's keys are its own count.
      expect(await ctx.a.store.createApiKey(key(other.merchantId, 0))).toBe(true);
      const [oldest] = await ctx.b.store.listApiKeys(merchant.merchantId);
      if (!oldest) throw new Error("keys were kept");
      expect(await ctx.a.store.revokeApiKey(merchant.merchantId, oldest.id, 1)).toBe(true);
      expect(await ctx.b.store.createApiKey(key(merchant.merchantId, 30))).toBe(true);
      expect(await ctx.b.store.createApiKey(key(merchant.merchantId, 31))).toBe(false);

      // Revoked keys are kept, the newest 100, so a revoked key's use is answered as revoked.
      for (let i = 0; i < MAX_REVOKED_API_KEYS_PER_MERCHANT + 5; i++) {
        const listed = await ctx.a.store.listApiKeys(merchant.merchantId);
        const active = listed.find((k) => k.revokedAt === null);
        expect(await ctx.a.store.revokeApiKey(merchant.merchantId, active?.id ?? "", 2 + i)).toBe(
          true,
        );
        expect(await ctx.a.store.createApiKey(key(merchant.merchantId, 100 + i))).toBe(true);
      }
      const all = await ctx.b.store.listApiKeys(merchant.merchantId);
      expect(all.filter((k) => k.revokedAt === null)).toHaveLength(
        MAX_ACTIVE_API_KEYS_PER_MERCHANT,
      );
      expect(all.filter((k) => k.revokedAt !== null)).toHaveLength(
        MAX_REVOKED_API_KEYS_PER_MERCHANT,
      );
      // The first revoked is forgotten; the newest revoked is still known as revoked.
      expect(await ctx.b.store.findApiKey(oldest.hash)).toBeNull();
      const newest = all.find((k) => k.revokedAt === 2 + MAX_REVOKED_API_KEYS_PER_MERCHANT + 4);
      expect(newest).toBeDefined();
    });
  });

  describe("idempotency keys", () => {
    const stampUnder = (
      store: Store,
      merchant: TestMerchant,
      cardId: string,
      key: string,
      hash: string,
    ) => {
      const now = Date.now();
      return store.appendServerEvent(
        {
          merchantId: merchant.merchantId,
          events: [new EventMaker(merchant).stamp(cardId)],
          admit: admitEvent,
          now,
        },
        respondJson,
        { key, requestHash: hash },
      );
    };

    it("answers a retry with the first answer and does the write once", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const card = await newCard(ctx.a.store, merchant);
      const key = randomUUID();
      const first = await stampUnder(ctx.a.store, merchant, card, key, "body-1");
      const retry = await stampUnder(ctx.b.store, merchant, card, key, "body-1");
      expect(retry).toEqual(first);
      expect((await ctx.a.store.getCard(merchant.merchantId, card))?.state.stamps).toBe(1);
      expect(await stampUnder(ctx.a.store, merchant, card, key, "body-2")).toEqual({
        kind: "key-reused",
      });
      // Keys are the merchant's own: another merchant may use the same one.
      const other = await newMerchant(ctx.a.store);
      const otherCard = await newCard(ctx.a.store, other);
      const theirs = await stampUnder(ctx.a.store, other, otherCard, key, "body-2");
      expect(theirs).toMatchObject({ kind: "answer", response: { status: 201 } });
    });

    it("keeps no refused answer, and undoes the write it refused", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const key = randomUUID();
      const cardId = randomUUID();
      const now = Date.now();
      const enrolled = new EventMaker(merchant).make(
        "card.enrolled",
        cardId,
        { source: "api" },
        now,
      );
      const refused = await ctx.a.store.createCard(
        cardRecord(merchant, cardId, now),
        {
          merchantId: merchant.merchantId,
          events: [enrolled],
          admit: () => ({ code: "card-blocked", message: "no" }),
          now,
        },
        (outcome) => ({ status: 422, body: outcome.status }),
        { key, requestHash: "h" },
      );
      expect(refused).toEqual({ kind: "answer", response: { status: 422, body: "rejected" } });
      expect(await ctx.b.store.getCard(merchant.merchantId, cardId)).toBeNull();
      const card = await newCard(ctx.a.store, merchant);
      expect(await stampUnder(ctx.a.store, merchant, card, key, "h")).toMatchObject({
        kind: "answer",
        response: { status: 201 },
      });
    });

    it("forgets answers a day old", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const card = await newCard(ctx.a.store, merchant);
      const key = randomUUID();
      await stampUnder(ctx.a.store, merchant, card, key, "old");
      await ctx.b.store.purgeIdempotencyKeys(Date.now() + 25 * 3600_000);
      expect(await stampUnder(ctx.a.store, merchant, card, key, "new")).toMatchObject({
        kind: "answer",
      });
      expect((await ctx.a.store.getCard(merchant.merchantId, card))?.state.stamps).toBe(2);
    });
  });

  describe("receipts", () => {
    const newReceipt = async (
      merchant: TestMerchant,
      expiresIn = 60_000,
    ): Promise<ReceiptRecord> => {
      const now = Date.now();
      const receipt: ReceiptRecord = {
        id: randomUUID(),
        merchantId: merchant.merchantId,
        programId: merchant.program.id,
        tokenHash: `token-${randomUUID()}`,
        count: 2,
        amount: 1250,
        currency: "EUR",
        orderRef: "A-17",
        createdAt: now,
        expiresAt: now + expiresIn,
        claimedAt: null,
        cardId: null,
      };
      const answer = await ctx.a.store.createReceipt(receipt, () => ({ status: 201, body: "{}" }));
      expect(answer.kind).toBe("answer");
      return receipt;
    };
    const claim = (
      store: Store,
      merchant: TestMerchant,
      receipt: ReceiptRecord,
      cardId: string,
    ) => {
      const event = new EventMaker(merchant).make("stamps.added", cardId, {
        count: 2,
        channel: "receipt",
      });
      return store.claimReceipt(receipt.id, {
        merchantId: merchant.merchantId,
        events: [event],
        admit: admitEvent,
        now: Date.now(),
      });
    };

    it("gives a receipt's stamps once, when two processes claim it at once", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const receipt = await newReceipt(merchant);
      expect(await ctx.b.store.findReceipt(receipt.tokenHash)).toEqual(receipt);
      const cards = [await newCard(ctx.a.store, merchant), await newCard(ctx.a.store, merchant)];
      const claims = await Promise.all([
        claim(ctx.a.store, merchant, receipt, cards[0] as string),
        claim(ctx.b.store, merchant, receipt, cards[1] as string),
      ]);
      expect(claims.filter((c) => c.ok)).toHaveLength(1);
      expect(claims.find((c) => !c.ok)).toEqual({ ok: false, reason: "used" });
      const stamps = await Promise.all(
        cards.map(async (c) => (await ctx.a.store.getCard(merchant.merchantId, c))?.state.stamps),
      );
      expect(stamps.sort()).toEqual([0, 2]);
      expect((await ctx.a.store.findReceipt(receipt.tokenHash))?.claimedAt).not.toBeNull();
    });

    it("refuses an expired receipt, and one of another merchant", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const expired = await newReceipt(merchant, -1);
      const card = await newCard(ctx.a.store, merchant);
      expect(await claim(ctx.a.store, merchant, expired, card)).toEqual({
        ok: false,
        reason: "expired",
      });
      const other = await newMerchant(ctx.a.store);
      const theirs = await newReceipt(other);
      expect(await claim(ctx.a.store, merchant, theirs, card)).toMatchObject({ ok: false });
      expect((await ctx.a.store.findReceipt(theirs.tokenHash))?.claimedAt).toBeNull();
    });

    it("leaves the receipt unclaimed when its stamp is refused", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const receipt = await newReceipt(merchant);
      const outcome = await claim(ctx.a.store, merchant, receipt, randomUUID());
      expect(outcome).toMatchObject({ ok: true, outcome: { status: "rejected" } });
      expect((await ctx.b.store.findReceipt(receipt.tokenHash))?.claimedAt).toBeNull();
    });
  });
}
