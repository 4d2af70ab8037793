import type { Settings } from "../device/settings";
import { saveSettings } from "../storage/config-store";
import type { Runtime } from "./runtime";

/** Saves a settings change, then shows it: the screen never claims a setting it could not keep. */
export async function changeSettings(
  runtime: Runtime,
  change: (current: Settings) => Settings,
): Promise<void> {
  const next = change(runtime.settings.get());
  await runtime.durable(() => saveSettings(runtime.db, next));
  runtime.settings.set(next);
}
