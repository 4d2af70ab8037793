import { type CardState, cardView, type Voucher, voucherNumbered, voucherView } from "@stamp/core";
import type { Services } from "../services";
import type { DeviceRecord } from "../storage/store";

/** Where a redemption happened: the device that made the event and its location. */
export interface RedemptionPlace {
  readonly deviceId: string;
  readonly device: string;
  readonly location: string | null;
}

export async function placeOfDevice(
  services: Services,
  device: DeviceRecord,
): Promise<RedemptionPlace> {
  const location =
    device.locationId === null
      ? null
      : await services.store.getLocation(device.merchantId, device.locationId);
  return { deviceId: device.id, device: device.name, location: location?.name ?? null };
}

/** Where the voucher of `state` with `voucher`'s cycle was redeemed, if it was. */
export async function redemptionPlace(
  services: Services,
  state: CardState,
  voucher: Voucher,
): Promise<RedemptionPlace | null> {
  const redeemedBy = voucherNumbered(state, voucher.cycle)?.redeemedBy;
  if (redeemedBy === undefined) return null;
  const history = await services.store.cardHistory(state.merchantId, state.cardId);
  const event = history.find((logged) => logged.event.id === redeemedBy)?.event;
  const device = event ? await services.store.getDevice(event.deviceId) : null;
  return device ? placeOfDevice(services, device) : null;
}

/** The voucher as the API answers it, with its card: the voucher's cycle as `state` has it now. */
export function voucherJson(
  state: CardState,
  voucher: Voucher,
  place: RedemptionPlace | null,
  nowMs: number,
) {
  const current = voucherNumbered(state, voucher.cycle) ?? voucher;
  return {
    voucher: {
      ...voucherView(current, nowMs),
      cardId: state.cardId,
      ...(place === null ? {} : { redeemedWhere: place }),
    },
    card: cardView(state, nowMs),
  };
}
