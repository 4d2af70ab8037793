import { expect, vi } from "vitest";
import type { RunningServer } from "../src/server";

/** Resolves once the server holds `count` pulls or streams (it says so; nothing is timed). */
export const holdingPulls = (server: RunningServer, count: number) =>
  vi.waitFor(() => expect(server.services.pullWaits.waiting).toBe(count), { timeout: 20_000 });
