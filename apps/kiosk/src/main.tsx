import type { ProtocolMismatch } from "@stamp/wire-protocol";
import { createRoot, type Root } from "react-dom/client";
import { deviceApi } from "./api/device-api";
import { App } from "./app/App";
import { Activity } from "./app/activity";
import { I18nContext } from "./app/hooks";
import type { Runtime } from "./app/runtime";
import { StartupScreen } from "./app/StartupScreen";
import { errorDetail, type StartupProblem } from "./app/startup-problem";
import { createStore } from "./app/store";
import { defaultSettings } from "./device/settings";
import { loadCatalog } from "./i18n/catalogs";
import { isRtl, preferredLanguage } from "./i18n/languages";
import { createTranslator } from "./i18n/translate";
import { recoverFromPreloadErrors } from "./pwa/preload-recovery";
import { startUpdates } from "./pwa/sw-updates";
import { loadDevice, loadSettings } from "./storage/config-store";
import { openStampDb } from "./storage/db";
import { type Persistence, requestPersistence } from "./storage/persistence";
import type { StorageProblem } from "./storage/storage-failure";
import { createStorageGuard } from "./storage/storage-guard";
import "./styles/app.css";

function rootElement(): HTMLElement {
  const root = document.getElementById("root");
  if (!root) throw new Error("index.html lacks #root");
  return root;
}

/** In the device's own language: nothing the cashier chose can be read yet. */
async function showProblem(root: Root, problem: StartupProblem): Promise<void> {
  const language = preferredLanguage(navigator.languages);
  const translator = createTranslator(language, await loadCatalog(language));
  document.documentElement.lang = language;
  document.documentElement.dir = isRtl(language) ? "rtl" : "ltr";
  root.render(
    <I18nContext.Provider value={translator}>
      <StartupScreen problem={problem} retry={() => window.location.reload()} />
    </I18nContext.Provider>,
  );
}

async function boot(root: Root): Promise<void> {
  // Without a secure context there is no service worker, camera or crypto.subtle: starting
  // anyway would only fail later, in words no cashier understands.
  if (!window.isSecureContext) return showProblem(root, { kind: "insecure" });
  recoverFromPreloadErrors();
  const db = openStampDb("strict");
  const syncDb = openStampDb("relaxed");
  const storageProblem = createStore<StorageProblem | null>(null);
  const durable = createStorageGuard(db, storageProblem);
  // Not the screens' "nothing was saved": a sync write that fails loses no stamp. The sync loop
  // says what it could not store (SyncStatus.storageFull, the banner of a full disk).
  const syncDurable = createStorageGuard(syncDb, null);
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
    outdated: createStore<ProtocolMismatch | null>(null),
    activity,
    updates: startUpdates(activity),
  };
  void requestPersistence().then((result) => runtime.persistence.set(result));
  const language = runtime.settings.get().language;
  const catalog = await loadCatalog(language);
  root.render(<App runtime={runtime} initial={{ language, catalog }} />);
}

const root = createRoot(rootElement());
// Storage is the only thing boot opens before the app takes over: a failure here means no
// IndexedDB (private browsing, a full disk), which the app cannot work without.
boot(root).catch((error: unknown) =>
  showProblem(root, { kind: "storage", detail: errorDetail(error) }),
);
