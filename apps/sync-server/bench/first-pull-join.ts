import { randomUUID } from "node:crypto";
import { COMPACT_CARDS_PROTOCOL, cursorPosition } from "@stamp/wire-protocol";
import { createPairingCode } from "../src/devices/create-pairing-code";
import type { Services } from "../src/services";
import { cpuSeconds, databaseSettings, peakRssMb, whole } from "./bench-support";
import { type Seeded, withServices } from "./first-pull-store";
import { pairTill, pulledFigures, pullToEnd, withServer } from "./first-pull-till";

const PROTOCOL = COMPACT_CARDS_PROTOCOL;

/** A till of the bench, and where its last pull ended. */
interface Till {
  readonly locationId: string;
  readonly token: string;
  cursor: string;
}

/**
 * The join rows of the first-pull bench (stamp-core SPEC SC8, CS7), on a merchant `seeded` with at
 * least four locations whose customers keep to their shop (`homeShare`) and a region of its first
 * two: a till of the first location (in its region's scope) and one of the fourth (set to the
 * region scope, in no region yet: its own view) pull to the end; then the region gains the third
 * location and the first till's pull is measured; then the fourth location joins the region and
 * its till's pull is. Each over HTTP from a server started afresh. Beside each: the cards the join
 * would send if the till held only its own location's (the rule before region versions listed
 * their locations).
 */
export async function joinRows(dataDir: string, databaseUrl: string | null, seeded: Seeded) {
  const { merchantId } = seeded;
  const [first, second, third, fourth] = [seeded.locationId, ...seeded.others] as string[];
  if (!first || !second || !third || !fourth) throw new Error("the join rows need 4 locations");
  const regionId = randomUUID();
  const codes = await withServices(dataDir, databaseUrl, async (services) => {
    const { store } = services;
    const made = { id: regionId, merchantId, name: "Riverside", createdAt: Date.now() };
    if (!(await store.createRegion(made))) throw new Error("no region");
    for (const locationId of [first, second])
      await store.setLocationRegion(merchantId, locationId, regionId);
    return Promise.all(
      [first, fourth].map(async (locationId) => {
        await store.setSyncScope(merchantId, locationId, "region");
        const created = await createPairingCode(services, { merchantId, locationId });
        if (!created.ok) throw new Error(created.reason);
        return { locationId, code: created.code };
      }),
    );
  });
  const env = { ...databaseSettings(databaseUrl).env, BACKUP_DAYS: "0" };
  const tills = await withServer(dataDir, env, async (url) => {
    const paired: Till[] = [];
    for (const { locationId, code } of codes) {
      const token = await pairTill(url, code, PROTOCOL);
      const { cursor } = await pullToEnd(url, token, PROTOCOL, null);
      paired.push({ locationId, token, cursor });
    }
    return paired;
  });
  const phases = [
    { scope: "join: a region of 2 locations gains a 3rd", moved: third, till: tills[0] },
    { scope: "join: a location joins a region of 3", moved: fourth, till: tills[1] },
  ];
  const rows = [];
  for (const { scope, moved, till } of phases) {
    if (!till) throw new Error("no till");
    const ownOnly = await withServices(dataDir, databaseUrl, async (services) => {
      await services.store.setLocationRegion(merchantId, moved, regionId);
      return ownLocationRule(services, merchantId, regionId, till);
    });
    const figures = await withServer(dataDir, env, async (url, pid) => {
      const start = { cpuSeconds: cpuSeconds(pid), rssMb: peakRssMb(pid) };
      const pulled = await pullToEnd(url, till.token, PROTOCOL, till.cursor);
      till.cursor = pulled.cursor;
      return pulledFigures(pulled, pid, start);
    });
    rows.push({ scope: `${scope} (own-location rule: ${whole(ownOnly)} cards)`, figures });
  }
  return rows;
}

/** How many cards the join of `till` would send if it held only its own location's cards. */
async function ownLocationRule(
  services: Services,
  merchantId: string,
  regionId: string,
  till: Till,
): Promise<number> {
  const { store } = services;
  const region = await store.getRegion(merchantId, regionId);
  const at = cursorPosition(till.cursor, services.logEpoch);
  if (!region || at === "start-over") throw new Error("no region or cursor");
  const view = { kind: "region", regionId, version: region.version } as const;
  const of = { kind: "not-held", locationIds: [till.locationId], position: at.position } as const;
  return (await store.viewCards(merchantId, view, null, Number.MAX_SAFE_INTEGER, of)).length;
}
