import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pair } from "./support/app-page";
import { launchChromium } from "./support/chromium";
import { docShot } from "./support/doc-shot";
import { type Merchant, StampServer } from "./support/stamp-server";

const PHONE = { width: 360, height: 740 };
const TABLET = { width: 1024, height: 768 };

/**
 * Makes the page's getUserMedia fail with `window.cameraFailure` (a DOMException name) while it
 * is set, as a refused permission, a missing or busy camera do; cleared, the fake camera answers.
 */
const FAILING_CAMERA = `(() => {
  const devices = navigator.mediaDevices;
  const real = devices.getUserMedia.bind(devices);
  window.cameraFailure = "NotAllowedError";
  devices.getUserMedia = (constraints) =>
    window.cameraFailure
      ? Promise.reject(new DOMException("test camera failure", window.cameraFailure))
      : real(constraints);
})()`;

/**
 * §2 of issue 12: without a camera, or with one that fails, the kiosk and the Staff Scanner show
 * a big state with what to check, Try again, and the other ways to take a card; the kiosk's attract
 * screen shows the program's join QR.
 */
describe("a camera that fails, and the join QR on the kiosk", () => {
  let server: StampServer;
  let merchant: Merchant & { joinUrl: string };
  let browser: Browser;

  beforeAll(async () => {
    server = await StampServer.start();
    merchant = (await server.createMerchant("Café Olive")) as Merchant & { joinUrl: string };
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const open = async (
    viewport: { width: number; height: number },
    mode: "Scanner" | "Kiosk",
    failure: string,
  ): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport, locale: "en-US" });
    await context.grantPermissions(["camera"]);
    await context.addInitScript(
      FAILING_CAMERA.replace('"NotAllowedError"', JSON.stringify(failure)),
    );
    const page = await context.newPage();
    if (mode === "Scanner") {
      await pair(page, server.url, await server.pairingCode(merchant.locationId));
      await page.getByTestId("open-camera").click();
    } else {
      await page.goto(`${server.url}/app/`);
      await page.getByTestId("pair-code").fill(await server.pairingCode(merchant.locationId));
      await page.locator(".mode-card", { hasText: "Kiosk" }).click();
      await page.getByTestId("pair-submit").click();
    }
    return { context, page };
  };

  /** The state is big (most of the camera's width), says what failed, and its buttons are large. */
  const expectTroubleState = async (page: Page, problem: string, title: string) => {
    const trouble = page.getByTestId("camera-problem");
    await trouble.waitFor();
    expect(await trouble.getAttribute("data-problem")).toBe(problem);
    await expect.poll(() => trouble.getByRole("heading").textContent()).toBe(title);
    const box = await trouble.boundingBox();
    const width = page.viewportSize()?.width ?? 0;
    expect(box?.width ?? 0).toBeGreaterThan(Math.min(width * 0.4, 300));
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(280);
    for (const button of await trouble.getByRole("button").all())
      expect((await button.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(48);
  };

  for (const [size, viewport] of [
    ["phone", PHONE],
    ["tablet", TABLET],
  ] as const) {
    it(`kiosk (${size}): a refused camera asks for staff, Try again brings the camera back`, async () => {
      const { context, page } = await open(viewport, "Kiosk", "NotAllowedError");
      try {
        await expectTroubleState(page, "denied", "The camera is blocked");
        const trouble = page.getByTestId("camera-problem");
        expect(await trouble.textContent()).toContain("Please ask a member of staff");
        // The join QR stays for customers with no card, whatever the camera does.
        const join = page.getByTestId("join-qr");
        await join.locator("svg path").waitFor();
        expect(await join.getAttribute("data-url")).toBe(merchant.joinUrl);
        await docShot(page, "apps/kiosk/docs", `kiosk-camera-denied-${size}`);

        await page.evaluate(() => {
          (window as unknown as { cameraFailure: string | null }).cameraFailure = null;
        });
        await page.getByTestId("camera-retry").click();
        await page.locator(".camera video").waitFor();
        await expect.poll(() => page.getByTestId("camera-problem").count()).toBe(0);
        // The QR is there for a phone to read: big enough and on a white tile.
        const qr = await join.locator("svg").boundingBox();
        expect(qr?.width ?? 0).toBeGreaterThanOrEqual(120);
        await docShot(page, "apps/kiosk/docs", `kiosk-attract-join-qr-${size}`);
      } finally {
        await context.close();
      }
    });
  }

  it("kiosk: staff switch a kiosk with a busy camera to Autopilot with the PIN", async () => {
    const { context, page } = await open(TABLET, "Kiosk", "NotReadableError");
    try {
      await expectTroubleState(page, "in-use", "The camera is busy");
      await page.getByTestId("camera-use-autopilot").click();
      await page.locator(".pin__input").fill(merchant.staffPin);
      await page.locator(".pin button[type=submit]").click();
      await page.locator('[data-testid="mode-autopilot"][aria-pressed="true"]').waitFor();
    } finally {
      await context.close();
    }
  });

  it("Staff Scanner (phone): no camera offers the card number and a barcode scanner", async () => {
    const { context, page } = await open(PHONE, "Scanner", "NotFoundError");
    try {
      await expectTroubleState(page, "not-found", "No camera found");
      await docShot(page, "apps/kiosk/docs", "staff-no-camera-phone");
      await page.getByTestId("camera-type-number").click();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid")))
        .toBe("manual-code");
      await page.getByTestId("open-camera").click();
      await page.getByTestId("camera-problem").waitFor();
      await page.getByTestId("camera-use-autopilot").click();
      await page.locator('[data-testid="mode-autopilot"][aria-pressed="true"]').waitFor();
    } finally {
      await context.close();
    }
  });

  it("Staff Scanner (tablet): a camera whose stream ends says so", async () => {
    const { context, page } = await open(TABLET, "Scanner", "");
    try {
      await page.locator(".camera video").waitFor();
      await expect
        .poll(() =>
          page.evaluate(
            () =>
              (document.querySelector(".camera video") as HTMLVideoElement | null)?.srcObject !==
              null,
          ),
        )
        .toBe(true);
      // The system ends the track (unplugged, taken by another app): Chromium fires "ended".
      await page.evaluate(() => {
        const video = document.querySelector(".camera video") as HTMLVideoElement;
        for (const track of (video.srcObject as MediaStream).getVideoTracks())
          track.dispatchEvent(new Event("ended"));
      });
      await expectTroubleState(page, "ended", "The camera stopped");
      await docShot(page, "apps/kiosk/docs", "staff-camera-ended-tablet");
    } finally {
      await context.close();
    }
  });
});
