import { expect } from "vitest";
import { newLocation } from "./fixtures";
import type { TestServer } from "./test-server";

/**
 * The seeded merchant's north shop and two new ones, east and west, in two regions: north and
 * east in Riverside, west in Hillside (the layout the region-move tests move the north shop in).
 */
export async function riversideAndHillside(server: TestServer) {
  const { store } = server.services;
  const north = server.seed;
  const { merchantId } = north;
  const east = await newLocation(server, north, "East shop");
  const west = await newLocation(server, north, "West shop");
  const region = async (name: string) => {
    const id = crypto.randomUUID();
    expect(await store.createRegion({ id, merchantId, name, createdAt: Date.now() })).toBe(true);
    return id;
  };
  const riverside = await region("Riverside");
  const hillside = await region("Hillside");
  for (const [shop, regionId] of [
    [north, riverside],
    [east, riverside],
    [west, hillside],
  ] as const)
    expect(await store.setLocationRegion(merchantId, shop.locationId, regionId)).toBe(true);
  return { north, east, west, riverside, hillside };
}
