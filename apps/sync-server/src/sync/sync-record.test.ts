import { describe, expect, it } from "vitest";
import type { DeviceRecord } from "../storage/store";
import { IDLE_SYNC_RECORD_MS, syncNeedsRecord } from "./sync-record";

const T = 1_800_000_000_000;
const device = (fields: Partial<DeviceRecord>) =>
  ({ lastSyncAt: T, drainedAt: T, lastSkewMs: 200, ...fields }) as DeviceRecord;
const idle = (now: number, skewMs: number | null = null) => ({
  deviceId: "d",
  now,
  skewMs,
  drained: true,
});

describe("syncNeedsRecord", () => {
  it("writes every round that pushed events", () => {
    expect(syncNeedsRecord(device({}), { ...idle(T + 1), drained: false })).toBe(true);
  });

  it("skips an idle round while the till's record is drained, recent and of the same skew", () => {
    expect(syncNeedsRecord(device({}), idle(T + 1_000))).toBe(false);
    expect(syncNeedsRecord(device({}), idle(T + IDLE_SYNC_RECORD_MS - 1, 4_000))).toBe(false);
  });

  it("writes an idle round once the record is old, was not drained, or never made", () => {
    expect(syncNeedsRecord(device({}), idle(T + IDLE_SYNC_RECORD_MS))).toBe(true);
    expect(syncNeedsRecord(device({ drainedAt: T - 5 }), idle(T + 1))).toBe(true);
    expect(syncNeedsRecord(device({ drainedAt: null }), idle(T + 1))).toBe(true);
    expect(syncNeedsRecord(device({ lastSyncAt: null, drainedAt: null }), idle(T))).toBe(true);
    // A server clock that went back (a restore, a corrected host): the record is rewritten.
    expect(syncNeedsRecord(device({}), idle(T - 1))).toBe(true);
  });

  it("writes an idle round whose skew moved by 5 s or more", () => {
    expect(syncNeedsRecord(device({}), idle(T + 1, 5_200))).toBe(true);
    expect(syncNeedsRecord(device({ lastSkewMs: null }), idle(T + 1, 0))).toBe(true);
  });
});
