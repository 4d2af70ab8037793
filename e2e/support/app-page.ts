import type { Page } from "playwright-core";

/** Waits until the status bar shows exactly `count` events waiting to be sent. */
export async function waitForWaiting(page: Page, count: number, timeout = 30_000): Promise<void> {
  await page.locator(`[data-testid="waiting"][data-count="${count}"]`).waitFor({ timeout });
}

export async function waitingCount(page: Page): Promise<number> {
  return Number(await page.getByTestId("waiting").getAttribute("data-count"));
}

/** Pairs the device from the pairing screen and waits for the service worker to be active. */
export async function pair(page: Page, baseUrl: string, code: string): Promise<void> {
  await page.goto(`${baseUrl}/app/`);
  await page.getByTestId("pair-code").fill(code);
  await page.getByTestId("pair-submit").click();
  await page.getByTestId("open-camera").waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

/** The key a US keyboard uses for a card-code character, and whether it needs Shift. */
function usKey(char: string): { code: string; shift: boolean } {
  if (/^[a-z]$/.test(char)) return { code: `Key${char.toUpperCase()}`, shift: false };
  if (/^[A-Z]$/.test(char)) return { code: `Key${char}`, shift: true };
  if (/^[0-9]$/.test(char)) return { code: `Digit${char}`, shift: false };
  if (char === ".") return { code: "Period", shift: false };
  if (char === "-") return { code: "Minus", shift: false };
  if (char === "_") return { code: "Minus", shift: true };
  throw new Error(`no US key for ${JSON.stringify(char)}`);
}

/** Gaps at or above this are typed key by key through the browser, like a person at a keyboard. */
const HUMAN_MS_PER_KEY = 100;

/**
 * Types a code the way a keyboard-wedge scanner emulating a US keyboard does: key positions,
 * Shift pressed around capitals, then Enter. (Playwright's keyboard.type sends "A" without Shift,
 * which no real keyboard does.)
 *
 * At scanner speed the keys are dispatched inside the page in one go: one browser round trip per
 * key takes longer than a scanner's gap when the machine is loaded, and the till would rightly read
 * that as typing. The detector's timing rules are covered by its own tests
 * (apps/kiosk/src/wedge). At `msPerKey` ≥ 100 keys go through the browser one by one, `msPerKey`
 * apart, as a person types.
 */
export async function scanWithWedge(page: Page, code: string, msPerKey = 8): Promise<void> {
  const keys = [...code].map((char) => ({ ...usKey(char), key: char }));
  if (msPerKey < HUMAN_MS_PER_KEY) {
    await page.evaluate((strokes) => {
      const target = document.activeElement ?? document.body;
      const press = (key: string, code: string, shiftKey: boolean) => {
        const init = { key, code, shiftKey, bubbles: true, cancelable: true, composed: true };
        target.dispatchEvent(new KeyboardEvent("keydown", init));
        target.dispatchEvent(new KeyboardEvent("keyup", init));
      };
      for (const { key, code, shift } of strokes) {
        if (shift)
          target.dispatchEvent(
            new KeyboardEvent("keydown", {
              key: "Shift",
              code: "ShiftLeft",
              shiftKey: true,
              bubbles: true,
              cancelable: true,
            }),
          );
        press(key, code, shift);
        if (shift)
          target.dispatchEvent(
            new KeyboardEvent("keyup", { key: "Shift", code: "ShiftLeft", bubbles: true }),
          );
      }
      press("Enter", "Enter", false);
    }, keys);
    return;
  }
  for (const { code: key, shift } of keys) {
    if (shift) await page.keyboard.down("Shift");
    await page.keyboard.press(key);
    if (shift) await page.keyboard.up("Shift");
    await new Promise((r) => setTimeout(r, msPerKey));
  }
  await page.keyboard.press("Enter");
}

/** The kiosk starts its camera by itself once allowed; otherwise it shows a start button. */
export async function startKioskCamera(page: Page): Promise<void> {
  await page.locator(".kiosk__headline").waitFor();
  while ((await page.locator(".camera").count()) === 0) {
    const start = page.getByTestId("kiosk-start");
    if (await start.isVisible()) await start.click({ timeout: 1_000 }).catch(() => {});
    await page.waitForTimeout(100);
  }
}

/** Whether the kiosk's IndexedDB log holds the event. */
export function holds(page: Page, eventId: string): Promise<boolean> {
  return page.evaluate(
    (id) =>
      new Promise<boolean>((resolve, reject) => {
        const open = indexedDB.open("stamp-kiosk");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction("log").objectStore("log").count(id);
          read.onsuccess = () => {
            db.close();
            resolve(read.result === 1);
          };
          read.onerror = () => reject(read.error);
        };
      }),
    eventId,
  );
}
