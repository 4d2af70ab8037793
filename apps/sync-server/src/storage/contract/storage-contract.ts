import { describe } from "vitest";
import { adminsContract } from "./admins.contract";
import { auditContract } from "./audit.contract";
import { campaignsContract } from "./campaigns.contract";
import { cardReplayContract } from "./card-replay.contract";
import { customersContract } from "./customers.contract";
import { devicesContract } from "./devices.contract";
import { eventLogContract } from "./event-log.contract";
import { exportsContract } from "./exports.contract";
import { type StorageUnderTest, useDatabase } from "./harness";
import { merchantsContract } from "./merchants.contract";
import { cardNumbersContract } from "./numbers.contract";
import { posContract } from "./pos.contract";
import { rateLimitsContract } from "./rate-limits.contract";
import { scopesContract } from "./scopes.contract";
import { secretsContract } from "./secrets.contract";
import { staffContract } from "./staff.contract";
import { teamContract } from "./team.contract";
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
    cardReplayContract(ctx);
    scopesContract(ctx);
    posContract(ctx);
    adminsContract(ctx);
    teamContract(ctx);
    staffContract(ctx);
    auditContract(ctx);
    walletContract(ctx);
    webhooksContract(ctx);
    cardNumbersContract(ctx);
    customersContract(ctx);
    exportsContract(ctx);
    campaignsContract(ctx);
    rateLimitsContract(ctx);
    secretsContract(ctx);
  });
}
