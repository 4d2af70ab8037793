/**
 * Round overhead (issues 13, 16): what one sync round costs stampd in CPU and in garbage, the
 * fixed cost every busy round and every held-pull cycle pays. One paired till drives rounds one
 * after another over a keep-alive connection to the real server (the bundle, a SQLite file):
 * a health check (the middleware every request passes, and no more), an idle round (no events,
 * no wait) and a round that pushes one stamp. `round-probe.mjs`, loaded into the server, reports
 * on a signal the CPU µs it has used (process.cpuUsage) and the bytes it has allocated (what each
 * GC freed plus what is in use): read before and after each phase, divided by its rounds.
 * BENCH_ROUNDS: rounds per phase (2,000), after as many again to warm the JIT. The server runs as
 * the tests' do (LOG_LEVEL=warn: no request log); LOG_LEVEL=info logs each request as `npm start`
 * does, PUBLIC_URL=https://… makes it a public deployment's (HSTS). BENCH_PHASES=idle,healthz runs
 * only the phases whose names hold one of the words (the 1-stamp rounds take most of the time).
 * A profile of the server: STAMPD_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
 * (test/spawn-server.ts).
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClock, type HlcClock, nodeIdForDevice } from "@stamp/core";
import { Client } from "undici";
import { printTable, type Row } from "../../../scripts/bench-table";
import { createAdmin } from "../src/admin/create-admin";
import { enrollCard } from "../src/cards/enroll-card";
import { loadConfig } from "../src/config";
import { createPairingCode } from "../src/devices/create-pairing-code";
import { createLogger } from "../src/logger";
import { createMerchant } from "../src/merchants/create-merchant";
import { openServices } from "../src/open-services";
import { AdminBrowser } from "../test/admin-browser";
import { buildBundle, STAMPD_BUNDLE, spawnServer } from "../test/spawn-server";
import { PROBED_SERVER_ENV, probe } from "./round-probe";
import { tillHeaders } from "./till-headers";
import { tillStamp } from "./till-stamp";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2_000);
const CARDS = 100;
/**
 * Tills the rounds go round: a device may sync 20 times a second (its rate limit), one connection
 * carries more. They share the connection: what is measured is the server's cost of a round.
 */
const TILLS = 100;
const ADMIN = { email: "owner@bench.example", password: "a long bench password" };
const WORDS = process.env.BENCH_PHASES?.split(",").filter((word) => word !== "") ?? [];
const chosen = (phase: Phase) =>
  WORDS.length === 0 || WORDS.some((word) => phase.name.includes(word));

interface Till {
  readonly deviceId: string;
  readonly token: string;
  readonly merchantId: string;
  readonly programId: string;
  readonly cards: readonly string[];
  cursor: string | null;
  clock: HlcClock;
  stamps: number;
}

/**
 * A merchant with CARDS cards and an owner's account in a fresh SQLite data dir; its services stay
 * open to pair tills.
 */
async function seed(dataDir: string) {
  const services = await openServices(
    { ...loadConfig({}), dataDir },
    createLogger("warn"),
    "http://localhost",
  );
  const merchant = await createMerchant(services, "Bench Cafe");
  const owner = await createAdmin(services, { ...ADMIN, merchantId: merchant.merchantId });
  if (!owner.ok) throw new Error(owner.reason);
  const cards: string[] = [];
  for (let i = 0; i < CARDS; i++) {
    const answer = await enrollCard(services, { ...merchant, source: "api" });
    if (!("kind" in answer) || answer.kind !== "answer") throw new Error("enrolment failed");
    cards.push(JSON.parse(answer.response.body).cardId);
  }
  return { services, merchant: { ...merchant, cards } };
}

async function post(client: Client, path: string, body: unknown, token?: string) {
  const response = await client.request({
    path,
    method: "POST",
    headers: tillHeaders(token),
    body: JSON.stringify(body),
  });
  const json = (await response.body.json()) as Record<string, unknown>;
  if (response.statusCode >= 300) throw new Error(`${path}: ${JSON.stringify(json)}`);
  return json;
}

/** One sync round of the till: `stamps` new stamps (on its cards by turns) and a pull. */
async function round(client: Client, till: Till, stamps: number): Promise<void> {
  const events = Array.from({ length: stamps }, () => {
    till.stamps += 1;
    return tillStamp(till, till, till.cards[till.stamps % till.cards.length] as string);
  });
  const answer = await post(client, "/api/v1/sync", { cursor: till.cursor, events }, till.token);
  if ((answer.rejected as unknown[]).length > 0)
    throw new Error(`rejected: ${JSON.stringify(answer.rejected)}`);
  till.cursor = answer.cursor as string;
}

async function get(client: Client, path: string): Promise<void> {
  const response = await client.request({ path, method: "GET" });
  await response.body.dump();
  if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode}`);
}

interface Phase {
  readonly name: string;
  run(client: Client, till: Till): Promise<void>;
}

const PHASES: readonly Phase[] = [
  { name: "GET /healthz", run: (client) => get(client, "/healthz") },
  { name: "idle round", run: (client, till) => round(client, till, 0) },
  { name: "1-stamp round", run: (client, till) => round(client, till, 1) },
];

/**
 * The rounds again once the server has drawn pages (a card's, as a customer opens it, and the
 * admin's dashboard, as a merchant signs in): hono/jsx renders in an AsyncLocalStorage of its own,
 * the admin pages read their language from hono's context storage, and on Node 20 one that has run
 * keeps a hook on every promise the process makes from then on, as a server that serves pages has.
 */
const AFTER_A_PAGE: readonly Phase[] = PHASES.slice(1).map((phase) => ({
  ...phase,
  name: `${phase.name}, after a page`,
}));

async function main(): Promise<void> {
  buildBundle();
  const root = mkdtempSync(join(tmpdir(), "stamp-round-overhead-"));
  const seeded = await seed(root);
  const server = await spawnServer(
    root,
    { ...PROBED_SERVER_ENV, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
    STAMPD_BUNDLE,
  );
  const client = new Client(server.url, { pipelining: 1 });
  try {
    const tills: Till[] = [];
    for (let i = 0; i < TILLS; i++) {
      // One code at a time: a location may have only a few open.
      const code = await createPairingCode(seeded.services, seeded.merchant);
      if (!code.ok) throw new Error(code.reason);
      const paired = await post(client, "/api/v1/devices/pair", {
        code: code.code,
        name: "Bench till",
        mode: "staff",
      });
      const deviceId = paired.deviceId as string;
      const till: Till = {
        ...seeded.merchant,
        deviceId,
        token: paired.token as string,
        cursor: null,
        clock: createClock(nodeIdForDevice(deviceId)),
        stamps: 0,
      };
      tills.push(till);
    }
    await seeded.services.storage.close();
    const rows: Row[] = [];
    const measure = async (phase: Phase) => {
      const rounds = async () => {
        for (let i = 0; i < ROUNDS; i++) await phase.run(client, tills[i % TILLS] as Till);
      };
      await rounds();
      const before = await probe(server);
      const started = performance.now();
      await rounds();
      const seconds = (performance.now() - started) / 1000;
      const after = await probe(server);
      rows.push({
        phase: phase.name,
        rounds: ROUNDS,
        "server CPU µs/round": Math.round((after.cpuMicros - before.cpuMicros) / ROUNDS),
        "allocated KB/round": (after.allocated - before.allocated) / 1024 / ROUNDS,
        "GCs /1,000 rounds": ((after.gcs - before.gcs) * 1000) / ROUNDS,
        "GC µs/round": Math.round((after.gcMicros - before.gcMicros) / ROUNDS),
        "rounds/s": Math.round(ROUNDS / seconds),
      });
    };
    for (const phase of PHASES.filter(chosen)) await measure(phase);
    await get(client, `/c/${seeded.merchant.cards[0]}`);
    const admin = new AdminBrowser(server);
    if ((await admin.login(ADMIN.email, ADMIN.password)).status !== 303)
      throw new Error("the owner could not sign in");
    if ((await admin.get("/admin")).status !== 200) throw new Error("no admin dashboard");
    for (const phase of AFTER_A_PAGE.filter(chosen)) await measure(phase);
    printTable(
      `Round overhead (stampd on SQLite, ${TILLS} tills by turns, ${ROUNDS} rounds a phase)`,
      rows,
    );
  } finally {
    await client.close();
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
