import { randomUUID } from "node:crypto";
import { grantedVoucherIdFor, parseEvent, type StampEvent } from "@stamp/core";
import { describe, expect, it } from "vitest";
import { DeviceEvents } from "../../test/device-events";
import { HOUR_MS, planActivity } from "./activity-plan";

const AT = Date.UTC(2026, 11, 6, 9, 30);

describe("the rollup's activity plan", () => {
  const cardId = randomUUID();
  const server = new DeviceEvents(randomUUID(), {
    merchantId: randomUUID(),
    programId: randomUUID(),
  });
  const made = (type: string, fields: Record<string, unknown>, at: number): StampEvent => {
    const parsed = parseEvent(server.event(type, cardId, fields, at));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.value;
  };
  const lookups = { locationOf: new Map(), targets: new Map(), revoked: new Set<string>() };

  it("counts a voucher the server granted as card activity only: no visit, stamp or reward", () => {
    const voucherId = grantedVoucherIdFor(cardId, "birthday-2026");
    const plan = planActivity(
      [
        made("voucher.granted", { voucherId, title: "Birthday treat", reason: "birthday" }, AT),
        made("voucher.redeemed", { voucherId, method: "staff" }, AT + HOUR_MS),
      ],
      lookups,
    );
    const hour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
    expect(plan.hours).toEqual([
      { hour: hour(AT), locationId: "", channel: "", enrolled: 0, visits: 0, stamps: 0, events: 1 },
      {
        hour: hour(AT + HOUR_MS),
        locationId: "",
        channel: "",
        enrolled: 0,
        visits: 0,
        stamps: 0,
        events: 1,
      },
    ]);
    expect(plan.cards).toEqual([]);
    expect(plan.revoked).toEqual([]);
    expect(plan.recount).toEqual([]);
  });
});
