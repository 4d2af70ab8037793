/**
 * What a held pull costs the server as it arrives with nothing new, up to its wait (issue 16: the
 * re-polls after a stamp wakes a location's idle tills come in one burst, and a busy till's round
 * lands behind them). BENCH_TILLS tills (100) of one location each send a held pull at the head of
 * their view at once; once the server is quiet again (every pull waits), its CPU since before the
 * burst, from `round-probe.mjs` (process.cpuUsage), divided by the pulls, is the cost of one. A
 * stamp then wakes them all (not counted) and the next burst begins. The floor on the same path:
 * the same burst of `GET /healthz` (every middleware, a tiny answer), and the same wait with no
 * request at all (the probe and the quiet check), subtracted from both.
 *
 * A/B in one run (counts that hold on a loaded machine): BENCH_BUNDLES=a.mjs,b.mjs runs one server
 * of each bundle on copies of one data dir (the same tills and tokens), their bursts interleaved.
 * A bundle other than the built one must sit beside it in `dist/` (it finds its package from there).
 * BENCH_BURSTS: bursts per server (20).
 */

import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClock, type HlcClock, nodeIdForDevice } from "@stamp/core";
import { Client } from "undici";
import { printTable, type Row } from "../../../scripts/bench-table";
import { loadConfig } from "../src/config";
import { createPairingCode } from "../src/devices/create-pairing-code";
import { createLogger } from "../src/logger";
import { openServices } from "../src/open-services";
import { openSqliteStorage } from "../src/storage/sqlite/sqlite-storage";
import { buildBundle, type SpawnedServer, STAMPD_BUNDLE, spawnServer } from "../test/spawn-server";
import { pairBenchTill, seedBenchMerchant } from "./bench-merchant";
import { PROBED_SERVER_ENV, probe } from "./round-probe";
import { tillHeaders } from "./till-headers";
import { tillStamp } from "./till-stamp";

const TILLS = Number(process.env.BENCH_TILLS ?? 100);
const BURSTS = Number(process.env.BENCH_BURSTS ?? 20);
const BUNDLES = process.env.BENCH_BUNDLES?.split(",").filter((path) => path !== "") ?? [
  STAMPD_BUNDLE,
];
/** The server is quiet when it used less than this in a check interval. */
const QUIET_MICROS = 2_000;
const CHECK_MS = 100;

interface Till {
  readonly deviceId: string;
  readonly token: string;
  clock: HlcClock;
  /** Per server: each holds its own log. */
  readonly cursors: (string | null)[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function sync(
  client: Client,
  till: Till,
  at: number,
  body: Record<string, unknown>,
): Promise<void> {
  const reply = await client.request({
    path: "/api/v1/sync",
    method: "POST",
    headers: tillHeaders(till.token),
    body: JSON.stringify({ cursor: till.cursors[at], events: [], ...body }),
  });
  const json = (await reply.body.json()) as { cursor: string; more: boolean };
  if (reply.statusCode !== 200) throw new Error(`sync: ${JSON.stringify(json)}`);
  till.cursors[at] = json.cursor;
  if (json.more) await sync(client, till, at, {});
}

/** The server's CPU µs from now until it has been quiet for a check interval after `burst`. */
async function cpuOf(server: SpawnedServer, burst: () => unknown): Promise<number> {
  const before = await probe(server);
  burst();
  let last = before.cpuMicros;
  for (;;) {
    await sleep(CHECK_MS);
    const now = (await probe(server)).cpuMicros;
    if (now - last < QUIET_MICROS) return now - before.cpuMicros;
    last = now;
  }
}

const root = mkdtempSync(join(tmpdir(), "stamp-bench-held-arrival-"));
try {
  buildBundle();
  const first = join(root, "0");
  const services = await openServices(
    { ...loadConfig({}), dataDir: first },
    createLogger("warn"),
    "http://localhost",
  );
  const { merchant, cards } = await seedBenchMerchant(services, 1, 10);
  await services.storage.close();
  const tills: Till[] = [];
  {
    const server = await spawnServer(first, {}, STAMPD_BUNDLE);
    const storage = openSqliteStorage(join(first, "stamp.db"));
    try {
      const admin = { store: storage.store, now: Date.now };
      for (let i = 0; i <= TILLS; i++) {
        const code = await createPairingCode(admin, merchant);
        if (!code.ok) throw new Error(code.reason);
        const { deviceId, token } = await pairBenchTill(server.url, code.code);
        const clock = createClock(nodeIdForDevice(deviceId));
        tills.push({ deviceId, token, clock, cursors: BUNDLES.map(() => null) });
      }
    } finally {
      await storage.close();
      await server.stop();
    }
  }
  const stamper = tills.pop() as Till;
  const servers: SpawnedServer[] = [];
  for (const [at, bundle] of BUNDLES.entries()) {
    const dataDir = join(root, `copy-${at}`);
    cpSync(first, dataDir, { recursive: true });
    servers.push(await spawnServer(dataDir, PROBED_SERVER_ENV, bundle));
  }
  const clients = servers.map(() => tills.map(() => null as Client | null));
  const clientOf = (at: number, i: number): Client => {
    const row = clients[at] as (Client | null)[];
    row[i] ??= new Client((servers[at] as SpawnedServer).url, { pipelining: 1 });
    return row[i] as Client;
  };
  const stamperClients = servers.map((server) => new Client(server.url, { pipelining: 1 }));
  try {
    for (const at of servers.keys())
      for (const [i, till] of [...tills, stamper].entries())
        await sync(
          i < tills.length ? clientOf(at, i) : (stamperClients[at] as Client),
          till,
          at,
          {},
        );
    const totals = servers.map(() => ({ held: 0, healthz: 0, quiet: 0 }));
    for (let burst = 0; burst < BURSTS; burst++) {
      // Alternating which server goes first: what the machine does meanwhile falls on both.
      const order = [...servers.keys()];
      if (burst % 2 === 1) order.reverse();
      for (const at of order) {
        const server = servers[at] as SpawnedServer;
        const total = totals[at] as { held: number; healthz: number; quiet: number };
        let answered: Promise<unknown> = Promise.resolve();
        total.held += await cpuOf(server, () => {
          answered = Promise.all(
            tills.map((till, i) => sync(clientOf(at, i), till, at, { wait: 25 })),
          );
        });
        const stamp = tillStamp(stamper, merchant, cards[burst % cards.length] as string);
        await sync(stamperClients[at] as Client, stamper, at, { events: [stamp] });
        await answered;
        total.healthz += await cpuOf(server, () =>
          Promise.all(
            tills.map(async (_, i) => {
              const reply = await clientOf(at, i).request({ path: "/healthz", method: "GET" });
              await reply.body.dump();
            }),
          ),
        );
        total.quiet += await cpuOf(server, () => undefined);
      }
    }
    const rows: Row[] = totals.map((total, at) => {
      const per = (micros: number) => Math.round((micros - total.quiet) / BURSTS / TILLS);
      return {
        bundle: (BUNDLES[at] as string).split("/").slice(-1)[0] as string,
        "held pull arriving, CPU µs": per(total.held),
        "GET /healthz, CPU µs": per(total.healthz),
        "quiet check, CPU µs a burst": Math.round(total.quiet / BURSTS),
      };
    });
    printTable(
      `Held pulls arriving with nothing new (stampd on SQLite, bursts of ${TILLS} tills of one location, ${BURSTS} bursts per server, interleaved)`,
      rows,
    );
  } finally {
    for (const row of clients) await Promise.all(row.map((client) => client?.destroy()));
    await Promise.all(stamperClients.map((client) => client.destroy()));
    await Promise.all(servers.map((server) => server.stop()));
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
