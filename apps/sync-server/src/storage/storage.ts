import type { Store } from "./store";
import type { WalletStore } from "./wallet-store";

/** One process's connection to the database, whichever adapter serves it. */
export interface Storage {
  readonly store: Store;
  readonly wallet: WalletStore;
  close(): Promise<void>;
}
