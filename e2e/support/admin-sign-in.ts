import type { Browser, BrowserContext, Page } from "playwright-core";
import type { StampServer } from "./stamp-server";

/**
 * A merchant's owner signed in to the admin on a laptop-sized window: the account is made with
 * `stampd create-admin`, the sign-in goes through the login form at `origin` (the server's own
 * address unless it sits behind a proxy on a public host).
 */
export async function signedInAdmin(
  browser: Browser,
  server: StampServer,
  merchantId: string,
  origin: string = server.url,
): Promise<{ readonly page: Page; readonly context: BrowserContext }> {
  const email = `owner-${merchantId.slice(0, 8)}@shop.example`;
  const password = "correct horse battery staple";
  await server.cli(
    "create-admin",
    "--email",
    email,
    "--password",
    password,
    "--merchant",
    merchantId,
  );
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  await page.goto(`${origin}/admin/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form[action="/admin/login"] button[type="submit"]').click();
  await page.waitForURL(/\/admin$/);
  return { page, context };
}
