import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { PullScope } from "../store";
import {
  append,
  type ContractContext,
  EventMaker,
  newCard,
  newLocation,
  newMerchant,
  newRegion,
  newTill,
  tillCard,
} from "./harness";

/** A view's newest rows for the scope tail (`viewAfter`): what `eventsAfter` pages, every device's. */
export function viewTailContract(ctx: ContractContext): void {
  describe("a view's newest rows", () => {
    it("are every device's events of the view up to the log's head, as eventsAfter pages them for a device that sent none", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const south = await newLocation(ctx.a.store, merchant);
      const north = await newTill(ctx.a.store, merchant);
      const southTill = await newTill(ctx.b.store, merchant, south);
      const region = await newRegion(ctx.a.store, merchant, [merchant.locationId]);
      const online = await newCard(ctx.a.store, merchant);
      const northCard = await tillCard(ctx.a.store, merchant, north);
      const southCard = await tillCard(ctx.b.store, merchant, southTill);
      await append(ctx.a.store, merchant, [north.stamp(northCard), north.stamp(online)]);
      await append(ctx.b.store, merchant, [southTill.stamp(southCard), southTill.stamp(northCard)]);
      const head = await ctx.a.store.maxSeq(merchant.merchantId);
      const stranger = randomUUID();
      const scopes: PullScope[] = [
        { kind: "merchant" },
        { kind: "location", locationId: merchant.locationId },
        { kind: "location", locationId: south },
        { kind: "region", regionId: region, version: 0 },
      ];
      for (const scope of scopes)
        for (const after of [0, 2, head - 1]) {
          const read = await ctx.b.store.viewAfter(merchant.merchantId, scope, after, 100);
          const page = await ctx.a.store.eventsAfter(
            merchant.merchantId,
            stranger,
            scope,
            after,
            100,
          );
          expect(read).toEqual({
            complete: true,
            head,
            rows: page.rows.map((event) => ({ event, deviceId: expect.any(String) })),
          });
          // Who sent each: what a till's page leaves out of it.
          for (const { event, deviceId } of read.complete ? read.rows : [])
            expect(JSON.parse(event.body).deviceId).toBe(deviceId);
        }
    });

    it("say only the head when more than the limit are after the position, and nothing past the head", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const till = await newTill(ctx.a.store, merchant);
      const card = await tillCard(ctx.a.store, merchant, till);
      await append(ctx.a.store, merchant, [till.stamp(card), till.stamp(card)]);
      const head = await ctx.a.store.maxSeq(merchant.merchantId);
      const here = { kind: "location", locationId: merchant.locationId } as const;
      expect(await ctx.b.store.viewAfter(merchant.merchantId, here, 0, 2)).toEqual({
        complete: false,
        head,
      });
      expect((await ctx.b.store.viewAfter(merchant.merchantId, here, 0, 3)).complete).toBe(true);
      expect(await ctx.b.store.viewAfter(merchant.merchantId, here, head, 1)).toEqual({
        complete: true,
        head,
        rows: [],
      });
    });

    it("are of the merchant asked for only", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const card = await newCard(ctx.a.store, other);
      await append(ctx.a.store, other, [new EventMaker(other).stamp(card)]);
      for (const scope of [
        { kind: "merchant" },
        { kind: "location", locationId: other.locationId },
      ] as const)
        expect(await ctx.b.store.viewAfter(merchant.merchantId, scope, 0, 10)).toEqual({
          complete: true,
          head: 0,
          rows: [],
        });
    });
  });
}
