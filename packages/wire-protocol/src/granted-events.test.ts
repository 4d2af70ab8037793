import { grantedVoucherIdFor, voucherIdFor } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "./protocol-version";
import { eventsForPeer, GRANT_PROTOCOL, STAFF_PROTOCOL } from "./staff-events";

const card = "0193a1b2-0000-7000-8000-000000000001";
const granted = grantedVoucherIdFor(card, "automation|birthday-2027");
const grant = JSON.stringify({ cardId: card, type: "voucher.granted", voucherId: granted });
const handedOver = JSON.stringify({ cardId: card, type: "reward.handed_over", voucherId: granted });
const expired = JSON.stringify({ cardId: card, type: "voucher.expired", voucherId: granted });
const earned = JSON.stringify({
  cardId: card,
  type: "voucher.redeemed",
  voucherId: voucherIdFor(card, 2),
});
const stamp = JSON.stringify({ cardId: card, type: "stamps.added" });

describe("granted vouchers for older kiosks (stamp-core SPEC G4)", () => {
  it("leaves grants and every event naming a granted voucher out for kiosks before protocol 4", () => {
    const bodies = [stamp, grant, handedOver, earned, expired];
    for (const peer of [1, 2, STAFF_PROTOCOL])
      expect(eventsForPeer(peer, bodies)).toEqual([stamp, earned]);
  });

  it("gives kiosks of protocol 4 and later the stored bytes", () => {
    const bodies = [stamp, grant, handedOver, earned];
    expect(GRANT_PROTOCOL).toBeLessThanOrEqual(PROTOCOL_VERSION);
    expect(eventsForPeer(GRANT_PROTOCOL, bodies)).toBe(bodies);
  });
});
