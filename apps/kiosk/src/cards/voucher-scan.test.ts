import { foldCard, type StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { CARD, makeProgram, stampEvent, T0 } from "../testing/fixtures";
import { knownVoucher } from "./card-actions";
import { voucherScanOutcome } from "./voucher-scan";

const voucherId = `${CARD}:1`;

function known(
  reward: Parameters<typeof makeProgram>[0],
  extra: StampEvent[] = [],
  at = T0 + 5000,
) {
  const program = makeProgram({ goal: 1, ...reward });
  return knownVoucher(foldCard(program, CARD, [stampEvent(T0), ...extra]), voucherId, at);
}

const handedOver = {
  ...stampEvent(T0 + 1000),
  type: "reward.handed_over",
  voucherId,
} as unknown as StampEvent;

describe("voucherScanOutcome", () => {
  it("Autopilot redeems a staff-scan voucher or a simple reward at once", () => {
    expect(voucherScanOutcome(known({}), "autopilot")).toBe("redeemed");
    const staff = {
      reward: { kind: "voucher", title: "Cake", redemption: { method: "staff" } },
    } as const;
    expect(voucherScanOutcome(known(staff), "autopilot")).toBe("redeemed");
  });

  it("Autopilot leaves self-redeem and redeem-code vouchers to their own way", () => {
    const self = {
      reward: { kind: "voucher", title: "Tea", redemption: { method: "self" } },
    } as const;
    expect(voucherScanOutcome(known(self), "autopilot")).toBe("self");
    const code = {
      reward: {
        kind: "voucher",
        title: "10% off",
        redemption: { method: "code", format: "text", code: { kind: "generated" } },
      },
    } as const;
    expect(voucherScanOutcome(known(code), "autopilot")).toBe("code");
  });

  it("the Kiosk only shows a ready reward", () => {
    expect(voucherScanOutcome(known({}), "kiosk")).toBe("ready");
  });

  it("says when the till knows it was used, expired or withdrawn, or does not know it", () => {
    expect(voucherScanOutcome(known({}, [handedOver]), "autopilot")).toBe("used");
    const expiring = {
      reward: { kind: "voucher", title: "Cake", redemption: { method: "staff" }, validDays: 1 },
    } as const;
    expect(voucherScanOutcome(known(expiring, [], T0 + 2 * 86_400_000), "autopilot")).toBe(
      "expired",
    );
    const program = makeProgram({ goal: 1 });
    const none = knownVoucher(foldCard(program, CARD, []), voucherId, T0);
    expect(voucherScanOutcome(none, "kiosk")).toBe("unknown");
  });
});
