import "../testing/fake-idb";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DeviceApi } from "../api/device-api";
import type { HttpResult } from "../api/http";
import { openStampDb } from "../storage/db";
import { DEVICE } from "../testing/fixtures";
import { acceptingServer } from "../testing/sync-deps";
import { startSync } from "./sync-controller";
import type { SyncRequest } from "./sync-protocol";

/** Lets the event loop turn until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

describe("the sync loop's connection status", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("stays offline when the browser went offline while a run's answer was on its way", async () => {
    const browser = { onLine: true };
    const page = new EventTarget();
    vi.stubGlobal("navigator", browser);
    vi.stubGlobal("window", page);
    vi.stubGlobal("document", Object.assign(new EventTarget(), { visibilityState: "visible" }));
    const asked: SyncRequest[] = [];
    let answer: ((result: HttpResult) => void) | null = null;
    const api = {
      sync: (_token: string, request: SyncRequest) => {
        asked.push(request);
        return new Promise<HttpResult>((resolve) => {
          answer = resolve;
        });
      },
    } as unknown as DeviceApi;
    let synced = false;
    const controller = startSync({
      db: openStampDb("relaxed", "sync-controller-offline"),
      durable: (operation) => operation(),
      withRoom: (write) => write(),
      api,
      deviceId: DEVICE,
      token: "token",
      onPulled: () => {},
      onCards: () => {},
      onRejected: () => {},
      onSynced: () => {
        synced = true;
      },
      onUnpaired: () => {},
      onOutdated: () => {},
    });
    try {
      await until(() => answer !== null);
      browser.onLine = false;
      page.dispatchEvent(new Event("offline"));
      expect(controller.status.get().online).toBe(false);
      // The answer had arrived before the network went; the run stores it and ends after.
      (answer as unknown as (result: HttpResult) => void)(
        await acceptingServer([], "p1-l", Date.now())(asked[0] as SyncRequest),
      );
      await until(() => synced);
      expect(controller.status.get().online).toBe(false);
    } finally {
      controller.dispose();
    }
  });
});
