import { describe } from "vitest";
import type { SnapshotPolicy } from "../append/card-snapshots";
import { adminLocationsContract } from "./admin-locations.contract";
import { adminsContract } from "./admins.contract";
import { auditContract } from "./audit.contract";
import { automationsContract } from "./automations.contract";
import { campaignEmailsContract } from "./campaign-emails.contract";
import { campaignsContract } from "./campaigns.contract";
import { cardPagesContract } from "./card-pages.contract";
import { cardReplayContract } from "./card-replay.contract";
import { compactContract } from "./compact.contract";
import { compactProgramContract } from "./compact-program.contract";
import { customersContract } from "./customers.contract";
import { devicesContract } from "./devices.contract";
import { eventLogContract } from "./event-log.contract";
import { exportsContract } from "./exports.contract";
import { fraudContract } from "./fraud.contract";
import { type StorageUnderTest, useDatabase } from "./harness";
import { insightContract } from "./insight.contract";
import { locationsContract } from "./locations.contract";
import { logosContract } from "./logos.contract";
import { merchantsContract } from "./merchants.contract";
import { cardNumbersContract } from "./numbers.contract";
import { posContract } from "./pos.contract";
import { rateLimitsContract } from "./rate-limits.contract";
import { rollupRebuildContract } from "./rollup-rebuild.contract";
import { scopesContract } from "./scopes.contract";
import { secretsContract } from "./secrets.contract";
import { staffContract } from "./staff.contract";
import { syncPlaceContract } from "./sync-place.contract";
import { teamContract } from "./team.contract";
import { viewTailContract } from "./view-tail.contract";
import { walletContract } from "./wallet.contract";
import { webhooksContract } from "./webhooks.contract";

/** Snapshots every few events, so the contract's short card histories replay from them too. */
export const CONTRACT_SNAPSHOTS: SnapshotPolicy = { every: 4, kept: 3, near: 2 };

/**
 * The storage contract: every behaviour routes rely on, through the Store and WalletStore
 * interfaces only, run unchanged against each adapter (two processes on one database).
 */
export function storageContract(adapter: StorageUnderTest): void {
  describe(`storage contract: ${adapter.name}`, () => {
    const ctx = useDatabase(adapter);
    merchantsContract(ctx);
    locationsContract(ctx);
    devicesContract(ctx);
    eventLogContract(ctx);
    cardReplayContract(ctx);
    cardPagesContract(ctx);
    scopesContract(ctx);
    viewTailContract(ctx);
    syncPlaceContract(ctx);
    posContract(ctx);
    adminsContract(ctx);
    teamContract(ctx);
    adminLocationsContract(ctx);
    staffContract(ctx);
    auditContract(ctx);
    walletContract(ctx);
    webhooksContract(ctx);
    cardNumbersContract(ctx);
    customersContract(ctx);
    exportsContract(ctx);
    campaignsContract(ctx);
    automationsContract(ctx);
    campaignEmailsContract(ctx);
    rateLimitsContract(ctx);
    secretsContract(ctx);
    logosContract(ctx);
    insightContract(ctx);
    rollupRebuildContract(ctx);
    fraudContract(ctx);
    compactContract(ctx);
    compactProgramContract(ctx);
  });
}
