import { expect, vi } from "vitest";
import type { RunningServer } from "../src/server";

/** Resolves once the server holds `count` pulls or streams (it says so; nothing is timed). */
export const holdingPulls = (server: RunningServer, count: number) =>
  vi.waitFor(() => expect(server.services.pullWaits.waiting).toBe(count), { timeout: 20_000 });

/**
 * Resolves once `count` held pulls have read their first page and wait on a change (`asleep`):
 * `holdingPulls` counts places, taken before a pull reads, so a commit may still reach its read.
 */
export const sleepingPulls = (server: RunningServer, count: number) =>
  vi.waitFor(() => expect(server.services.pullWaits.asleep).toBe(count), { timeout: 20_000 });
