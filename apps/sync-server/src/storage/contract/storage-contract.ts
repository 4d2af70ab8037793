import { describe } from "vitest";
import { adminsContract } from "./admins.contract";
import { campaignsContract } from "./campaigns.contract";
import { customersContract } from "./customers.contract";
import { devicesContract } from "./devices.contract";
import { eventLogContract } from "./event-log.contract";
import { type StorageUnderTest, useDatabase } from "./harness";
import { merchantsContract } from "./merchants.contract";
import { posContract } from "./pos.contract";
import { rateLimitsContract } from "./rate-limits.contract";
import { secretsContract } from "./secrets.contract";
import { walletContract } from "./wallet.contract";
import { webhooksContract } from "./webhooks.contract";

/**
 * The storage contract: every behaviour routes rely on, through the Store and WalletStore
 * interfaces only, run unchanged against each adapter (two processes on one database).
 */
export function storageContract(adapter: StorageUnderTest): void {
  describe(`storage contract: ${adapter.name}`, () => {
    const ctx = useDatabase(adapter);
    merchantsContract(ctx);
    devicesContract(ctx);
    eventLogContract(ctx);
    posContract(ctx);
    adminsContract(ctx);
    walletContract(ctx);
    webhooksContract(ctx);
    customersContract(ctx);
    campaignsContract(ctx);
    rateLimitsContract(ctx);
    secretsContract(ctx);
  });
}
