import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { PullScope } from "../store";
import {
  append,
  type ContractContext,
  EventMaker,
  newLocation,
  newMerchant,
  newRegion,
  newTill,
  tillCard,
} from "./harness";

/** What a sync round reads before it pulls (`syncPlace`): as the separate reads give it, always fresh. */
export function syncPlaceContract(ctx: ContractContext): void {
  describe("sync place", () => {
    it("reads the device, the log's head, the merchant's location and its region together, as each read alone gives them", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const { merchantId, locationId } = merchant;
      const south = await newLocation(ctx.a.store, merchant);
      const till = await newTill(ctx.a.store, merchant);
      const cardId = await tillCard(ctx.a.store, merchant, till);
      await append(ctx.a.store, merchant, [till.stamp(cardId), till.stamp(cardId)]);
      const head = await ctx.a.store.maxSeq(merchantId);
      expect(head).toBeGreaterThan(0);
      const device = await ctx.a.store.getDevice(till.deviceId);
      expect(device?.id).toBe(till.deviceId);
      const place = (location: string | null, of = merchantId, deviceId = till.deviceId) =>
        ctx.b.store.syncPlace(deviceId, of, location);
      const alone = {
        head,
        location: await ctx.a.store.getLocation(merchantId, locationId),
        viewHeads: { location: head, region: 0 },
      };
      const nowhere = { head, location: null, region: null, viewHeads: { location: 0, region: 0 } };
      expect(await place(locationId)).toEqual({ device, ...alone, region: null });
      expect(await place(null)).toEqual({ device, ...nowhere });
      // Another merchant's location, or none such: no location (and the asking merchant's head).
      for (const location of [other.locationId, randomUUID()])
        expect(await place(location)).toEqual({ device, ...nowhere });
      expect((await place(south, other.merchantId)).head).toBe(0);
      // The device by its id alone (as `getDevice`): whose it is, the caller checks; none such: null.
      expect((await place(locationId, merchantId, other.serverDevice.id)).device).toEqual(
        await ctx.a.store.getDevice(other.serverDevice.id),
      );
      expect(await place(locationId, merchantId, randomUUID())).toEqual({
        ...alone,
        device: null,
        region: null,
      });

      // A change made through one instance shows in the other's next read: nothing is kept.
      const region = await newRegion(ctx.a.store, merchant, [locationId]);
      expect(await ctx.a.store.setSyncScope(merchantId, locationId, "region")).toBe(true);
      const placed = await place(locationId);
      expect(placed.region).toEqual(await ctx.a.store.getRegion(merchantId, region));
      expect(placed.location).toEqual(await ctx.a.store.getLocation(merchantId, locationId));
      expect(placed.location?.syncScope).toBe("region");
      expect(await ctx.a.store.setLocationRegion(merchantId, south, region)).toBe(true);
      const grown = await place(locationId);
      expect(grown.region?.version).toBeGreaterThan(placed.region?.version as number);
      expect(await ctx.a.store.setLocationRegion(merchantId, locationId, null)).toBe(true);
      expect((await place(locationId)).region).toBeNull();
      expect(await ctx.a.store.removeLocation(merchantId, south, Date.now())).toEqual({
        removed: true,
      });
      expect((await place(south)).location).toBeNull();
      // A device revoked through one instance is revoked in the other's next read.
      const revokedAt = Date.now();
      expect(await ctx.a.store.revokeDevice(merchantId, till.deviceId, revokedAt)).toBe(true);
      expect((await place(locationId)).device).toEqual({ ...device, revokedAt });
    });

    it("reads the newest position of the location's view and of its region's up to the head, as a page of the view ends", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const { merchantId, locationId } = merchant;
      const south = await newLocation(ctx.a.store, merchant);
      const north = await newTill(ctx.a.store, merchant);
      const southTill = await newTill(ctx.a.store, merchant, south);
      const place = (location: string) =>
        ctx.b.store.syncPlace(north.deviceId, merchantId, location);
      const heads = async (location: string) => (await place(location)).viewHeads;
      expect(await heads(locationId)).toEqual({ location: 0, region: 0 });
      await tillCard(ctx.a.store, merchant, north);
      const atNorth = await ctx.a.store.maxSeq(merchantId);
      expect(await heads(locationId)).toEqual({ location: atNorth, region: 0 });
      // A card of the south shop: the log moves on, the north shop's view does not.
      await tillCard(ctx.a.store, merchant, southTill);
      const head = await ctx.a.store.maxSeq(merchantId);
      expect(head).toBeGreaterThan(atNorth);
      expect(await place(locationId)).toMatchObject({ head, viewHeads: { location: atNorth } });
      expect(await heads(south)).toEqual({ location: head, region: 0 });
      // A region of both: its view has the south shop's card.
      const regionId = await newRegion(ctx.a.store, merchant, [locationId, south]);
      expect(await heads(locationId)).toEqual({ location: atNorth, region: head });
      // A card of no location is in every view.
      await tillCard(ctx.a.store, merchant, new EventMaker(merchant));
      const everywhere = await ctx.a.store.maxSeq(merchantId);
      const placed = await place(locationId);
      expect(placed.viewHeads).toEqual({ location: everywhere, region: everywhere });
      // As a page of each view ends: its last event at the view's head, none after it.
      const version = placed.region?.version as number;
      const views: [PullScope, number][] = [
        [{ kind: "location", locationId }, atNorth],
        [{ kind: "region", regionId, version }, head],
      ];
      for (const [view, before] of views) {
        const page = await ctx.b.store.eventsAfter(merchantId, randomUUID(), view, before, 100);
        expect(page.rows.map((row) => row.pos)).toEqual([everywhere]);
        expect(page.cursor).toBe(everywhere);
      }
    });
  });
}
