import { MAX_PULL_WAIT_SECONDS } from "@stamp/wire-protocol";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiKey, enroll, TestDevice } from "../../test/fixtures";
import { riversideAndHillside } from "../../test/riverside-hillside";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { twoPostgresInstances } from "../../test/two-postgres-instances";
import type { PullScope, Store } from "../storage/store";
import type { PullWait, WaitEnd } from "./pull-wait";

/** A wait of the server's own `PullWaits` the test holds, as a held pull's round would. */
interface Probe {
  readonly wait: PullWait;
  /** How its `until` ended; null while it sleeps. */
  end(): WaitEnd | null;
  /** Its `until` has ended. */
  readonly ended: Promise<WaitEnd>;
}

function probe(held: TestServer, name: string, locationId: string, scope: PullScope): Probe {
  const { merchantId } = held.seed;
  const till = { id: `probe-${name}`, merchantId, locationId };
  const wait = held.services.pullWaits.enter(till, MAX_PULL_WAIT_SECONDS * 1000);
  if (!wait) throw new Error("room for every probe");
  let end: WaitEnd | null = null;
  const ended = wait.until(scope).then((e) => {
    end = e;
    return e;
  });
  return { wait, end: () => end, ended };
}

/** Lets every promise settled so far run its callbacks (a wake resolves each wait it ends at once). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The north and east shops are in Riverside, the west shop in Hillside; each shop's tills replicate
 * its region. A customer's card is used at the north and east shops, another at the north shop alone.
 * The north shop moves (through `mover`) to Hillside or out of any region while the east shop's till
 * holds a pull over HTTP, and pulls of the three shops' tills wait in the server's `PullWaits`.
 *
 * Only the pulls whose answer can change wake: the north shop's own (its tills replicate another
 * scope now) and, into Hillside, Hillside's (its view gains the north shop's cards under a new
 * version). Riverside's other tills sleep through it: what Riverside's view holds stays, only the
 * north shop's later events of the card used there alone no longer reach it (they wake nobody
 * there), while the card the customer also uses at the east shop stays in it, and its stamp at the
 * north shop wakes the east till and reaches it.
 */
async function moveWakes(held: TestServer, mover: Store, to: "hillside" | "none"): Promise<void> {
  const { store } = held.services;
  const { north, east, west, riverside, hillside } = await riversideAndHillside(held);
  const { merchantId } = north;
  for (const shop of [north, east, west])
    expect(await store.setSyncScope(merchantId, shop.locationId, "region")).toBe(true);
  const regionPull = async (regionId: string): Promise<PullScope> => {
    const version = (await store.getRegion(merchantId, regionId))?.version;
    if (version === undefined) throw new Error(`no region ${regionId}`);
    return { kind: "region", regionId, version };
  };
  const key = await apiKey(held, north);
  const northTill = await TestDevice.pair(held, north);
  const eastTill = await TestDevice.pair(held, east);
  const eastStamper = await TestDevice.pair(held, east);
  const northCard = (await enroll(held, key, north.programId)).cardId;
  const sharedCard = (await enroll(held, key, north.programId)).cardId;
  const before = [northTill.stamp(northCard), northTill.stamp(sharedCard)];
  expect((await northTill.sync(before)).json.accepted).toHaveLength(2);
  const atEast = eastStamper.stamp(sharedCard);
  expect((await eastStamper.sync([atEast])).json.accepted).toEqual([atEast.id]);
  const pulled = (await eastTill.pullAll()).map((e) => e.id);
  expect(pulled).toEqual(expect.arrayContaining([...before.map((e) => e.id), atEast.id]));

  const heldPull = eastTill.sync([], eastTill.cursor, MAX_PULL_WAIT_SECONDS);
  await vi.waitFor(() => expect(held.services.pullWaits.waiting).toBe(1), { timeout: 20_000 });
  const probes = {
    north: probe(held, "north", north.locationId, await regionPull(riverside)),
    east: probe(held, "east", east.locationId, await regionPull(riverside)),
    west: probe(held, "west", west.locationId, await regionPull(hillside)),
  };
  try {
    expect(
      await mover.setLocationRegion(
        merchantId,
        north.locationId,
        to === "hillside" ? hillside : null,
      ),
    ).toBe(true);
    expect(await probes.north.ended).toBe("moved");
    if (to === "hillside") expect(await probes.west.ended).toBe("moved");
    await settle();
    expect(probes.east.end(), "Riverside's east till, left behind").toBeNull();
    if (to === "none") expect(probes.west.end(), "Hillside, which nobody joined").toBeNull();

    // The card used at the north shop alone left Riverside with it: its stamp wakes nobody there.
    const northAgain = probe(held, "north-again", north.locationId, {
      kind: "location",
      locationId: north.locationId,
    });
    const alone = northTill.stamp(northCard);
    expect((await northTill.sync([alone])).json.accepted).toEqual([alone.id]);
    expect(await northAgain.ended).toBe("changed");
    northAgain.wait.leave();
    await settle();
    expect(probes.east.end(), "a stamp of a card that left Riverside").toBeNull();

    // The customer's card is still Riverside's (used at the east shop): its stamp wakes the east till.
    const shared = northTill.stamp(sharedCard);
    expect((await northTill.sync([shared])).json.accepted).toEqual([shared.id]);
    expect(await probes.east.ended).toBe("changed");
    const answer = await heldPull;
    expect(answer.status, answer.text).toBe(200);
    const answered = answer.json.events.map((e: { id: string }) => e.id);
    expect(answered).toContain(shared.id);
    expect(answered).not.toContain(alone.id);
    expect((await eastTill.pullAll()).map((e) => e.id)).not.toContain(alone.id);
  } finally {
    for (const { wait } of Object.values(probes)) wait.leave();
  }
}

/** Which held pulls a location's move between regions wakes, over HTTP (SC7, SC8). */
describe.each(DATABASES)("a location's move wakes the pulls it changes (%s)", (database) => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer({ database });
  });
  afterEach(() => server.close());

  it("to another region: its own tills' and the joined region's, not the left region's", async () => {
    await moveWakes(server, server.services.store, "hillside");
  });

  it("out of its region: its own tills', not the left region's nor any other", async () => {
    await moveWakes(server, server.services.store, "none");
  });
});

describe("a location's move wakes the pulls it changes, two instances on one PostgreSQL", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  // Instance B (this process's `held`) holds the pulls; the move is made through A's store.
  it("a move made on A wakes on B only the pulls it changes", async () => {
    const { b, a } = await twoPostgresInstances(cleanups);
    await moveWakes(b, a.services.store, "hillside");
  }, 120_000);
});
