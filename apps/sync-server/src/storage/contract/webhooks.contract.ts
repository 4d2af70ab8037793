import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { WebhookEventKind } from "../../webhooks/webhook-events";
import { deliveryOutcome } from "../../webhooks/webhook-retries";
import type { Store } from "../store";
import { MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT } from "../stored-bounds";
import type { WebhookEndpointRecord } from "../webhook-store";
import {
  append,
  type ContractContext,
  newCard,
  newMerchant,
  newTill,
  type TestMerchant,
} from "./harness";

export async function newEndpoint(
  store: Store,
  merchant: TestMerchant,
  events: readonly WebhookEventKind[],
  kind: WebhookEndpointRecord["kind"] = "webhook",
): Promise<WebhookEndpointRecord> {
  const endpoint = {
    id: randomUUID(),
    merchantId: merchant.merchantId,
    kind,
    url: "https://hooks.example/stamp",
    events,
    secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    createdAt: Date.now(),
    failingSince: null,
    disabledAt: null,
  };
  expect(await store.createWebhookEndpoint(endpoint)).toBe(true);
  return endpoint;
}

/** Endpoints per merchant, deliveries written with the change, claimed once across processes. */
export function webhooksContract(ctx: ContractContext): void {
  describe("webhook endpoints", () => {
    it("lists a merchant's endpoints only, deletes by kind, and holds the bound when processes race", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const hook = await newEndpoint(ctx.a.store, merchant, ["stamps.added"]);
      expect(await ctx.b.store.listWebhookEndpoints(merchant.merchantId)).toEqual([hook]);
      expect(await ctx.b.store.listWebhookEndpoints(other.merchantId)).toEqual([]);
      const now = Date.now();
      expect(
        await ctx.b.store.deleteWebhookEndpoint(other.merchantId, hook.id, "webhook", now),
      ).toBe(false);
      expect(
        await ctx.b.store.deleteWebhookEndpoint(merchant.merchantId, hook.id, "rest-hook", now),
      ).toBe(false);
      expect(
        await ctx.b.store.deleteWebhookEndpoint(merchant.merchantId, hook.id, "webhook", now),
      ).toBe(true);
      expect(await ctx.a.store.listWebhookEndpoints(merchant.merchantId)).toEqual([]);

      const made = await Promise.all(
        Array.from({ length: MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT + 6 }, (_, i) =>
          (i % 2 ? ctx.a : ctx.b).store.createWebhookEndpoint({
            ...hook,
            id: randomUUID(),
          }),
        ),
      );
      expect(made.filter(Boolean)).toHaveLength(MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT);
    });
  });

  describe("webhook deliveries", () => {
    it("are written with the events they tell of, once, for subscribed live endpoints only", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const stamps = await newEndpoint(ctx.a.store, merchant, ["stamps.added", "reward.ready"]);
      const enrolments = await newEndpoint(ctx.a.store, merchant, ["card.enrolled"]);
      const elsewhere = await newEndpoint(ctx.a.store, other, ["stamps.added"]);
      const card = await newCard(ctx.a.store, merchant);
      const till = await newTill(ctx.a.store, merchant);
      const events = Array.from({ length: merchant.program.goal }, () => till.stamp(card));
      await append(ctx.a.store, merchant, events);
      await append(ctx.b.store, merchant, events); // a re-send: duplicates make nothing new
      const told = await ctx.b.store.listWebhookDeliveries(merchant.merchantId, stamps.id, 100);
      expect(told.filter((d) => d.type === "stamps.added")).toHaveLength(events.length);
      expect(told.filter((d) => d.type === "reward.ready")).toHaveLength(1);
      expect(told.every((d) => d.status === "pending" && d.attempts === 0)).toBe(true);
      const first = told.find((d) => d.messageId === `msg_${events[0]?.id}`);
      expect(JSON.parse(first?.payload ?? "{}")).toMatchObject({
        type: "stamps.added",
        data: { cardId: card, eventId: events[0]?.id, count: 1, channel: "staff" },
      });
      const enrolled = await ctx.a.store.listWebhookDeliveries(
        merchant.merchantId,
        enrolments.id,
        100,
      );
      expect(enrolled.map((d) => d.type)).toEqual(["card.enrolled"]);
      expect(await ctx.a.store.listWebhookDeliveries(other.merchantId, elsewhere.id, 100)).toEqual(
        [],
      );
      expect(await ctx.a.store.listWebhookDeliveries(other.merchantId, stamps.id, 100)).toEqual([]);
    });

    it("are claimed by one process at a time, retried when due, and replayed on demand", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const endpoint = await newEndpoint(ctx.a.store, merchant, ["stamps.added"]);
      const card = await newCard(ctx.a.store, merchant);
      const till = await newTill(ctx.a.store, merchant);
      await append(
        ctx.a.store,
        merchant,
        Array.from({ length: 6 }, () => till.stamp(card)),
      );
      const now = Date.now() + 1_000;
      const [mine, theirs] = await Promise.all([
        ctx.a.store.claimWebhookDeliveries(now, 60_000, 100),
        ctx.b.store.claimWebhookDeliveries(now, 60_000, 100),
      ]);
      const ours = [...mine, ...theirs].filter((d) => d.endpointId === endpoint.id);
      expect(new Set(ours.map((d) => d.id)).size).toBe(ours.length);
      expect(ours.length).toBe(6);
      expect(ours[0]?.endpoint).toMatchObject({ url: endpoint.url, secret: endpoint.secret });
      expect(
        (await ctx.a.store.claimWebhookDeliveries(now, 60_000, 100)).filter(
          (d) => d.endpointId === endpoint.id,
        ),
      ).toEqual([]);

      const [failed, delivered] = ours;
      if (!failed || !delivered) throw new Error("two deliveries expected");
      const retry = deliveryOutcome(failed, { kind: "answered", status: 503 }, now);
      await ctx.b.store.finishWebhookDelivery(failed, retry);
      await ctx.b.store.finishWebhookDelivery(
        delivered,
        deliveryOutcome(delivered, { kind: "answered", status: 204 }, now),
      );
      const claimAt = async (at: number) =>
        (await ctx.a.store.claimWebhookDeliveries(at, 60_000, 100)).filter(
          (d) => d.id === failed.id,
        );
      expect(await claimAt(retry.dueAt - 1)).toEqual([]);
      const again = await claimAt(retry.dueAt);
      expect(again).toHaveLength(1);
      expect(again[0]).toMatchObject({ attempts: 2, lastStatus: 503, lastError: "HTTP 503" });
      // The endpoint took the other delivery after this one failed: it is not failing any more.
      expect(again[0]?.endpoint.failingSince).toBeNull();

      const log = await ctx.b.store.listWebhookDeliveries(merchant.merchantId, endpoint.id, 100);
      expect(log.find((d) => d.id === delivered.id)).toMatchObject({
        status: "delivered",
        lastStatus: 204,
        deliveredAt: now,
      });
      expect(await ctx.a.store.replayWebhookDelivery(merchant.merchantId, delivered.id, now)).toBe(
        true,
      );
      const replayed = (await ctx.b.store.claimWebhookDeliveries(now, 60_000, 100)).filter(
        (d) => d.id === delivered.id,
      );
      expect(replayed).toMatchObject([{ messageId: delivered.messageId, attempts: 1 }]);
      const other = await newMerchant(ctx.a.store);
      expect(await ctx.a.store.replayWebhookDelivery(other.merchantId, delivered.id, now)).toBe(
        false,
      );
    });

    it("stop for a disabled endpoint: a REST hook that answers 410 is unsubscribed", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const hook = await newEndpoint(ctx.a.store, merchant, ["stamps.added"], "rest-hook");
      const card = await newCard(ctx.a.store, merchant);
      const till = await newTill(ctx.a.store, merchant);
      await append(ctx.a.store, merchant, [till.stamp(card), till.stamp(card)]);
      const now = Date.now() + 1_000;
      const claimed = (await ctx.a.store.claimWebhookDeliveries(now, 60_000, 100)).filter(
        (d) => d.endpointId === hook.id,
      );
      const first = claimed[0];
      if (!first) throw new Error("a delivery expected");
      await ctx.a.store.finishWebhookDelivery(
        first,
        deliveryOutcome(first, { kind: "answered", status: 410 }, now),
      );
      const [endpoint] = await ctx.b.store.listWebhookEndpoints(merchant.merchantId);
      expect(endpoint?.disabledAt).toBe(now);
      expect(
        (await ctx.b.store.claimWebhookDeliveries(now + 3_600_000, 60_000, 100)).filter(
          (d) => d.endpointId === hook.id,
        ),
      ).toEqual([]);
    });
  });
}
