/**
 * First-pull benchmark (issue 16): a merchant with BENCH_FIRST_PULL_CARDS cards (default 20,000)
 * and about 20 events each at BENCH_FIRST_PULL_LOCATIONS locations (default 4), written through
 * the store's append path (`seedActivity`). A newly paired till of the main location pulls its
 * scope from the start, over HTTP from the real server process (the bundle `npm start` runs): the
 * whole merchant (the location set to the `merchant` scope), then the location's own view (set to
 * `location`), each once as a till of protocol 4 (every event of every card of the scope) and once
 * of protocol 5 (every card as snapshot + tail, 100 a page, then events: stamp-core SPEC CS7). The
 * server is started afresh for each, so its peak RSS is that pull's. BENCH_FIRST_PULL_DATABASES
 * picks the databases (default `sqlite,postgres`).
 */

import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMPACT_CARDS_PROTOCOL, PROTOCOL_HEADER } from "@stamp/wire-protocol";
import { printTable, type Row } from "../../../scripts/bench-table";
import { loadConfig } from "../src/config";
import { createPairingCode } from "../src/devices/create-pairing-code";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import { CardNumberTaken } from "../src/storage/card-numbers";
import { startPostgresCluster } from "../test/postgres-cluster";
import { buildBundle, STAMPD_BUNDLE, spawnServer } from "../test/spawn-server";
import { cpuSeconds, createDatabase, databaseSettings, peakRssMb, whole } from "./bench-support";
import { seedActivity } from "./seed-activity";

const CARDS = Number(process.env.BENCH_FIRST_PULL_CARDS ?? 20_000);
const EVENTS = Number(process.env.BENCH_FIRST_PULL_EVENTS ?? CARDS * 20);
const LOCATIONS = Number(process.env.BENCH_FIRST_PULL_LOCATIONS ?? 4);
const DATABASES = (process.env.BENCH_FIRST_PULL_DATABASES ?? "sqlite,postgres").split(",");
const SCOPES = ["merchant", "location"] as const;

interface Seeded {
  readonly merchantId: string;
  readonly locationId: string;
}

/**
 * `seedActivity` draws card numbers from random ids without the enrolment's retry: with tens of
 * thousands of cards two may collide (`CardNumberTaken`); a fresh merchant is seeded then.
 */
async function seed(dataDir: string, databaseUrl: string | null): Promise<Seeded> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await seedOnce(dataDir, databaseUrl);
    } catch (error) {
      if (!(error instanceof CardNumberTaken) || attempt === 5) throw error;
      process.stderr.write(`  ${error.message}: seeding another merchant\n`);
    }
  }
}

async function seedOnce(dataDir: string, databaseUrl: string | null): Promise<Seeded> {
  const config = { ...loadConfig({}), dataDir, ...databaseSettings(databaseUrl).config };
  const services = await openServices(config, createLogger("warn"), "http://localhost");
  try {
    const merchant = await createMerchant(services, "First Pull Cafe");
    const { store } = services;
    const program = (await store.getProgram(merchant.merchantId, merchant.programId))?.program;
    if (!program) throw new Error("no program");
    const server = await store.getServerDevice(merchant.merchantId);
    const others: string[] = [];
    for (let i = 2; i <= LOCATIONS; i++) {
      const id = randomUUID();
      const pin = { salt: "c2FsdA", iterations: 1, hash: "aGFzaA" };
      const made = { merchantId: merchant.merchantId, name: `Shop ${i}`, staffPin: pin };
      await store.createLocation({ ...made, id, createdAt: Date.now(), syncScope: "location" });
      others.push(id);
    }
    await seedActivity(store, {
      merchantId: merchant.merchantId,
      program,
      serverDeviceId: server.id,
      locationIds: [merchant.locationId, ...others],
      events: EVENTS,
      cards: CARDS,
      end: Date.now(),
      days: 365,
    });
    return merchant;
  } finally {
    await services.storage.close();
  }
}

/**
 * A pairing code for the merchant's main location, made straight in the database, with the
 * location's tills set to replicate `scope`.
 */
async function pairingCode(
  dataDir: string,
  databaseUrl: string | null,
  seeded: Seeded,
  scope: (typeof SCOPES)[number],
) {
  const config = { ...loadConfig({}), dataDir, ...databaseSettings(databaseUrl).config };
  const services = await openServices(config, createLogger("warn"), "http://localhost");
  try {
    if (!(await services.store.setSyncScope(seeded.merchantId, seeded.locationId, scope)))
      throw new Error("no location");
    const created = await createPairingCode(services, seeded);
    if (!created.ok) throw new Error(created.reason);
    return created.code;
  } finally {
    await services.storage.close();
  }
}

/** A new till's pull of everything, page by page, as a till of `protocol`. */
async function firstPull(url: string, code: string, protocol: number) {
  const headers = { "content-type": "application/json", [PROTOCOL_HEADER]: String(protocol) };
  const paired = await fetch(`${url}/api/v1/devices/pair`, {
    method: "POST",
    headers,
    body: JSON.stringify({ code, name: "First pull", mode: "staff" }),
  });
  if (paired.status !== 201) throw new Error(`pairing answered ${paired.status}`);
  const { token } = (await paired.json()) as { token: string };
  let cursor: string | null = null;
  const totals = { pages: 0, bytes: 0, events: 0, cards: 0, tail: 0, throttled: 0 };
  const started = performance.now();
  for (;;) {
    const reply = await fetch(`${url}/api/v1/sync`, {
      method: "POST",
      headers: { ...headers, authorization: `Bearer ${token}` },
      body: JSON.stringify({ cursor, events: [] }),
    });
    const text = await reply.text();
    // A till told to slow down waits as long as the server asks (Retry-After), as the kiosk does.
    if (reply.status === 429) {
      const wait = Number(reply.headers.get("retry-after") ?? 1);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      totals.throttled += wait;
      continue;
    }
    if (reply.status !== 200) throw new Error(`sync answered ${reply.status}: ${text}`);
    const answer = JSON.parse(text) as {
      events: unknown[];
      cards?: { tail: unknown[] }[];
      cursor: string;
      more: boolean;
    };
    totals.pages++;
    totals.bytes += Buffer.byteLength(text);
    totals.events += answer.events.length;
    totals.cards += answer.cards?.length ?? 0;
    totals.tail += (answer.cards ?? []).reduce((n, card) => n + card.tail.length, 0);
    cursor = answer.cursor;
    if (!answer.more) break;
  }
  return { ...totals, seconds: (performance.now() - started) / 1000 };
}

const dataDir = mkdtempSync(join(tmpdir(), "stamp-bench-first-pull-"));
const cluster = DATABASES.includes("postgres") ? startPostgresCluster() : null;
try {
  buildBundle();
  const rows: Row[] = [];
  for (const database of DATABASES) {
    const url =
      database === "postgres" && cluster ? await createDatabase(cluster, "firstpull") : null;
    const dir = join(dataDir, database);
    process.stderr.write(
      `${database}: seeding ${whole(EVENTS)} events of ${whole(CARDS)} cards…\n`,
    );
    const seeded = await seed(dir, url);
    const pulls = SCOPES.flatMap((scope) =>
      [COMPACT_CARDS_PROTOCOL - 1, COMPACT_CARDS_PROTOCOL].map((protocol) => ({ scope, protocol })),
    );
    for (const { scope, protocol } of pulls) {
      const code = await pairingCode(dir, url, seeded, scope);
      const env = { ...databaseSettings(url).env, BACKUP_DAYS: "0" };
      const server = await spawnServer(dir, env, STAMPD_BUNDLE);
      try {
        const pid = server.child.pid as number;
        const idle = peakRssMb(pid);
        const cpuBefore = cpuSeconds(pid);
        const pulled = await firstPull(server.url, code, protocol);
        rows.push({
          database: database === "postgres" ? "PostgreSQL" : "SQLite",
          scope: scope === "merchant" ? "whole merchant" : `one location of ${LOCATIONS}`,
          till:
            protocol >= COMPACT_CARDS_PROTOCOL
              ? `protocol ${protocol}: compact cards`
              : `protocol ${protocol}: every event`,
          pages: whole(pulled.pages),
          "events sent": whole(pulled.events),
          "cards sent (tail events)": `${whole(pulled.cards)} (${whole(pulled.tail)})`,
          "answer MB": (pulled.bytes / 1e6).toFixed(1),
          "seconds (told to wait)": `${pulled.seconds.toFixed(1)} (${pulled.throttled})`,
          "server CPU s": (cpuSeconds(pid) - cpuBefore).toFixed(1),
          "server RSS after start, MB": idle.toFixed(0),
          "server peak RSS, MB": peakRssMb(pid).toFixed(0),
        });
      } finally {
        await server.stop();
      }
    }
  }
  printTable(
    `First pull of a new till over HTTP, whole-merchant and location scopes: one merchant with ${whole(CARDS)} cards and ${whole(EVENTS)} events over a year at ${LOCATIONS} locations, the server started afresh for each pull`,
    rows,
  );
} finally {
  cluster?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
