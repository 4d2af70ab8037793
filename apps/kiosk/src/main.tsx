import { createRoot } from "react-dom/client";
import { deviceApi } from "./api/device-api";
import { App } from "./app/App";
import { Activity } from "./app/activity";
import type { Runtime } from "./app/runtime";
import { createStore } from "./app/store";
import { defaultSettings } from "./device/settings";
import { loadCatalog } from "./i18n/catalogs";
import { preferredLanguage } from "./i18n/languages";
import { recoverFromPreloadErrors } from "./pwa/preload-recovery";
import { startUpdates } from "./pwa/sw-updates";
import { loadDevice, loadSettings } from "./storage/config-store";
import { openStampDb } from "./storage/db";
import { type Persistence, requestPersistence } from "./storage/persistence";
import type { StorageProblem } from "./storage/storage-failure";
import { createStorageGuard } from "./storage/storage-guard";
import "./styles/app.css";

async function boot(): Promise<void> {
  recoverFromPreloadErrors();
  const db = openStampDb("strict");
  const syncDb = openStampDb("relaxed");
  const storageProblem = createStore<StorageProblem | null>(null);
  const durable = createStorageGuard(db, storageProblem);
  const syncDurable = createStorageGuard(syncDb, storageProblem);
  const upgradedElsewhere = createStore(false);
  // A newer version in another tab wants to upgrade the schema: step aside and ask for a reload
  // rather than block it or keep writing to a database about to change.
  for (const connection of [db, syncDb])
    connection.on("versionchange", () => {
      db.close();
      syncDb.close();
      upgradedElsewhere.set(true);
      return false;
    });
  const [device, settings] = await durable(() => Promise.all([loadDevice(db), loadSettings(db)]));
  const activity = new Activity();
  const runtime: Runtime = {
    db,
    durable,
    syncDb,
    syncDurable,
    api: deviceApi((input, init) => fetch(input, init)),
    storageProblem,
    device: createStore(device),
    settings: createStore(
      settings ?? defaultSettings("staff", preferredLanguage(navigator.languages)),
    ),
    customerLanguage: createStore(null),
    persistence: createStore<Persistence | null>(null),
    upgradedElsewhere,
    activity,
    updates: startUpdates(activity),
  };
  void requestPersistence().then((result) => runtime.persistence.set(result));
  const root = document.getElementById("root");
  if (!root) throw new Error("index.html lacks #root");
  const language = runtime.settings.get().language;
  const catalog = await loadCatalog(language);
  createRoot(root).render(<App runtime={runtime} initial={{ language, catalog }} />);
}

boot().catch((error: unknown) => {
  // Without IndexedDB nothing can be kept offline; say so instead of showing a blank page.
  const root = document.getElementById("root");
  if (root) {
    root.innerHTML = "";
    const message = document.createElement("p");
    message.className = "boot boot--error";
    message.textContent = `Stamp cannot open its storage on this device: ${error instanceof Error ? error.message : String(error)}`;
    root.append(message);
  }
});
