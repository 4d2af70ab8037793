import type { ProtocolMismatch } from "@stamp/wire-protocol";
import type { DeviceApi } from "../api/device-api";
import type { DeviceConfig } from "../device/device-config";
import type { Settings } from "../device/settings";
import type { Language } from "../i18n/languages";
import type { AppUpdates } from "../pwa/sw-updates";
import type { StampDb } from "../storage/db";
import type { Persistence } from "../storage/persistence";
import type { StorageProblem } from "../storage/storage-failure";
import type { Durable } from "../storage/storage-guard";
import type { Activity } from "./activity";
import type { Store } from "./store";

/** What lives as long as the page: storage, config, settings and app-level signals. */
export interface Runtime {
  /** The database as screens use it; event writes are flushed to disk ("strict"). */
  readonly db: StampDb;
  readonly durable: Durable;
  /** A second connection for the sync loop, whose idempotent writes need no flush ("relaxed"). */
  readonly syncDb: StampDb;
  readonly syncDurable: Durable;
  readonly api: DeviceApi;
  readonly storageProblem: Store<StorageProblem | null>;
  readonly device: Store<DeviceConfig | null>;
  readonly settings: Store<Settings>;
  /** A kiosk customer's language choice, over the device's until the next customer. */
  readonly customerLanguage: Store<Language | null>;
  readonly persistence: Store<Persistence | null>;
  /** Another tab upgraded the database; this one must reload. */
  readonly upgradedElsewhere: Store<boolean>;
  /** The server answered that this app (or it) is too old to talk to: "update the app" is shown. */
  readonly outdated: Store<ProtocolMismatch | null>;
  readonly activity: Activity;
  readonly updates: AppUpdates;
}
