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
 *
 * BENCH_DEPLOYMENTS="SQLite;PostgreSQL" (SQLite alone by default) runs it on PostgreSQL too: each
 * server on its own copy of one database in the bench's cluster. There the CPU of the server's
 * PostgreSQL backends (from /proc) and the statements the server sent (`pg-statements-probe.mjs`)
 * are counted beside the server's, per arriving pull and per woken pull (the stamp's wake, from
 * the stamp's round until every pull is answered, divided by the tills).
 */

import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClock, type HlcClock, nodeIdForDevice } from "@stamp/core";
import pg from "pg";
import { Client } from "undici";
import { printTable, type Row } from "../../../scripts/bench-table";
import { loadConfig } from "../src/config";
import { createPairingCode } from "../src/devices/create-pairing-code";
import { createLogger } from "../src/logger";
import { openServices } from "../src/open-services";
import { openPgStorage } from "../src/storage/pg/pg-storage";
import { openSqliteStorage } from "../src/storage/sqlite/sqlite-storage";
import { type PostgresCluster, startPostgresCluster } from "../test/postgres-cluster";
import { buildBundle, STAMPD_BUNDLE, spawnServer } from "../test/spawn-server";
import { pairBenchTill, seedBenchMerchant } from "./bench-merchant";
import { createDatabase, databaseSettings } from "./bench-support";
import { PG_STATEMENTS_PROBE } from "./pg-statements-probe";
import { PROBED_SERVER_ENV } from "./round-probe";
import { addUsed, NOTHING, type Served, type Used, usedOf } from "./server-used";
import { tillHeaders } from "./till-headers";
import { tillStamp } from "./till-stamp";

const TILLS = Number(process.env.BENCH_TILLS ?? 100);
const BURSTS = Number(process.env.BENCH_BURSTS ?? 20);
const BUNDLES = process.env.BENCH_BUNDLES?.split(",").filter((path) => path !== "") ?? [
  STAMPD_BUNDLE,
];
const DEPLOYMENTS = process.env.BENCH_DEPLOYMENTS?.split(";") ?? ["SQLite"];
interface Till {
  readonly deviceId: string;
  readonly token: string;
  clock: HlcClock;
  /** Per server: each holds its own log. */
  readonly cursors: (string | null)[];
}

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
async function cpuOf(served: Served, burst: () => unknown): Promise<number> {
  return (await usedOf(served, burst)).cpuMicros;
}

/** The bursts on one deployment: its rows, and on PostgreSQL the statements per pull by name. */
async function measure(root: string, cluster: PostgresCluster | null): Promise<Row[]> {
  const first = join(root, "0");
  const url = cluster ? await createDatabase(cluster, "held") : null;
  const settings = databaseSettings(url);
  const services = await openServices(
    { ...loadConfig({}), dataDir: first, ...settings.config },
    createLogger("warn"),
    "http://localhost",
  );
  const { merchant, cards } = await seedBenchMerchant(services, 1, 10);
  await services.storage.close();
  const tills: Till[] = [];
  {
    const server = await spawnServer(first, settings.env, STAMPD_BUNDLE);
    const storage = url
      ? await openPgStorage(url, { secretsKey: settings.config.secretsKey })
      : openSqliteStorage(join(first, "stamp.db"));
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
  const servers: Served[] = [];
  for (const [at, bundle] of BUNDLES.entries()) {
    const dataDir = join(root, `copy-${at}`);
    cpSync(first, dataDir, { recursive: true });
    const database = url ? `held_${at}` : null;
    const copy = cluster && database ? await copyDatabase(cluster, "held", database) : null;
    const env = copy
      ? {
          ...PROBED_SERVER_ENV,
          ...databaseSettings(copy).env,
          NODE_OPTIONS: `${PROBED_SERVER_ENV.NODE_OPTIONS} --import=${PG_STATEMENTS_PROBE}`,
        }
      : PROBED_SERVER_ENV;
    servers.push({ server: await spawnServer(dataDir, env, bundle), database });
  }
  const clients = servers.map(() => tills.map(() => null as Client | null));
  const clientOf = (at: number, i: number): Client => {
    const row = clients[at] as (Client | null)[];
    row[i] ??= new Client((servers[at] as Served).server.url, { pipelining: 1 });
    return row[i] as Client;
  };
  const stamperClients = servers.map(({ server }) => new Client(server.url, { pipelining: 1 }));
  try {
    for (const at of servers.keys())
      for (const [i, till] of [...tills, stamper].entries())
        await sync(
          i < tills.length ? clientOf(at, i) : (stamperClients[at] as Client),
          till,
          at,
          {},
        );
    const totals = servers.map(() => ({ held: NOTHING, woken: NOTHING, healthz: 0, quiet: 0 }));
    for (let burst = 0; burst < BURSTS; burst++) {
      // Alternating which server goes first: what the machine does meanwhile falls on both.
      const order = [...servers.keys()];
      if (burst % 2 === 1) order.reverse();
      for (const at of order) {
        const served = servers[at] as Served;
        const total = totals[at] as (typeof totals)[number];
        let answered: Promise<unknown> = Promise.resolve();
        total.held = addUsed(
          total.held,
          await usedOf(served, () => {
            answered = Promise.all(
              tills.map((till, i) => sync(clientOf(at, i), till, at, { wait: 25 })),
            );
          }),
        );
        const stamp = tillStamp(stamper, merchant, cards[burst % cards.length] as string);
        total.woken = addUsed(
          total.woken,
          await usedOf(served, async () => {
            await sync(stamperClients[at] as Client, stamper, at, { events: [stamp] });
            await answered;
          }),
        );
        await answered;
        total.healthz += await cpuOf(served, () =>
          Promise.all(
            tills.map(async (_, i) => {
              const reply = await clientOf(at, i).request({ path: "/healthz", method: "GET" });
              await reply.body.dump();
            }),
          ),
        );
        total.quiet += await cpuOf(served, () => undefined);
      }
    }
    return totals.map((total, at) => {
      const per = (micros: number) => Math.round((micros - total.quiet) / BURSTS / TILLS);
      const perPull = (used: Used) => (used.statements.statements / BURSTS / TILLS).toFixed(2);
      const row: Row = {
        bundle: (BUNDLES[at] as string).split("/").slice(-1)[0] as string,
        "held pull arriving, CPU µs": per(total.held.cpuMicros),
        "GET /healthz, CPU µs": per(total.healthz),
        "quiet check, CPU µs a burst": Math.round(total.quiet / BURSTS),
      };
      if (!cluster) return row;
      const backend = (used: Used) => Math.round(used.backendMicros / BURSTS / TILLS);
      const names = (used: Used) =>
        Object.entries(used.statements.byName)
          .map(([name, count]) => `${name} ${(count / BURSTS / TILLS).toFixed(2)}`)
          .join(", ");
      process.stderr.write(
        `${row.bundle}: statements per arriving pull: ${names(total.held)}\n` +
          `${row.bundle}: statements per woken pull: ${names(total.woken)}\n`,
      );
      return {
        ...row,
        "arriving: PG backends CPU µs": backend(total.held),
        "arriving: statements": perPull(total.held),
        "woken (stamp to answered, per till): server CPU µs": Math.round(
          total.woken.cpuMicros / BURSTS / TILLS,
        ),
        "woken: PG backends CPU µs": backend(total.woken),
        "woken: statements": perPull(total.woken),
      };
    });
  } finally {
    for (const row of clients) await Promise.all(row.map((client) => client?.destroy()));
    await Promise.all(stamperClients.map((client) => client.destroy()));
    await Promise.all(servers.map(({ server }) => server.stop()));
  }
}

/** A copy of `template` (no one connected to it) named `name` in the cluster: its URL. */
async function copyDatabase(cluster: PostgresCluster, template: string, name: string) {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await client.end();
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return url.href;
}

const root = mkdtempSync(join(tmpdir(), "stamp-bench-held-arrival-"));
const cluster = DEPLOYMENTS.includes("PostgreSQL") ? startPostgresCluster() : null;
try {
  buildBundle();
  for (const deployment of DEPLOYMENTS)
    printTable(
      `Held pulls arriving with nothing new (stampd on ${deployment}, bursts of ${TILLS} tills of one location, ${BURSTS} bursts per server, interleaved)`,
      await measure(join(root, deployment), deployment === "PostgreSQL" ? cluster : null),
    );
} finally {
  cluster?.stop();
  rmSync(root, { recursive: true, force: true });
}
