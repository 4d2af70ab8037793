import type { StampEvent } from "@stamp/core";
import type { DeviceRecord, Store } from "../storage/store";
import { type Rejection, rejection } from "./rejection";

/**
 * The server's check of the `staffId` a till puts on its events (stamp-core SPEC V9): the staff
 * member must be the merchant's and have worked at the device's location. Staff removed since, or
 * moved to another location, still pass — a till offline when it happened made real stamps with
 * them signed in, and those must not be lost — so one read answers a whole batch.
 */
export async function staffCheck(
  store: Store,
  device: DeviceRecord,
  events: readonly StampEvent[],
): Promise<(event: StampEvent) => Rejection | null> {
  const named = [...new Set(events.flatMap((e) => (e.staffId === undefined ? [] : [e.staffId])))];
  const known =
    named.length === 0 || device.locationId === null
      ? new Set<string>()
      : await store.knownStaff(device.merchantId, device.locationId, named);
  return (event) =>
    event.staffId === undefined || known.has(event.staffId)
      ? null
      : rejection(
          "unknown-staff",
          `staffId ${event.staffId} is not a staff member of this merchant at this device's location`,
        );
}
