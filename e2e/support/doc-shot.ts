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
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
  // Entrance animations (a pop, confetti, a fading cover) end before the picture; endless ones run on.
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (a) =>
          a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY ||
          a.playState !== "running",
      ),
  );
  await page.screenshot({ path: join(dir, `${name}.png`) });
  process.stderr.write(`screenshot: ${folder}/${name}.png\n`);
}
