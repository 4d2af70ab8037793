import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Saves a screenshot into a docs folder when the run is asked for them (`npm run screenshots:rewards
 * -w e2e`); a plain `npm test` writes nothing into the repository.
 */
export async function docShot(page: Page, folder: string, name: string): Promise<void> {
  if (process.env.STAMP_SCREENSHOTS !== "1") return;
  const dir = join(ROOT, folder);
  mkdirSync(dir, { recursive: true });
  await settled(page);
  await page.screenshot({ path: join(dir, `${name}.png`) });
  process.stderr.write(`screenshot: ${folder}/${name}.png\n`);
}

/**
 * Ready for a picture: no focus ring, and entrance animations (a pop, confetti, a fading cover)
 * ended; endless ones run on.
 */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (a) =>
          a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY ||
          a.playState !== "running",
      ),
  );
}
