/**
 * What held pulls cost the server's garbage collector (issues 13/16), as counts of work that hold
 * on a shared machine, where the many-tills bench's latencies do not: BENCH_HELD tills (1,000)
 * across 10 locations hold pulls, each asking again as soon as it is answered; BENCH_STAMPS
 * stamps (300) are made one after another, each at the next location, each once every till there
 * was answered; each stamp round carries BENCH_EVENTS events (1), so each held answer does: at the
 * 1,000-till step of many-tills.ts a held answer carries ~12. Between the first stamp and the last, the server reports (`gc-totals-probe.mjs`)
 * its scavenges, the bytes they promoted into the old generation, its mark-compacts, the old
 * generation live after each, and its CPU. Everything a held request keeps through its wait
 * outlives the scavenges (it waits seconds) and is promoted, so the bytes promoted per held answer
 * are what a held pull keeps; mark-compacts come with the old generation's growth. SQLite only.
 * BENCH_BUNDLE: a stampd bundle to run instead of building this tree's (`benchBundle`).
 * The tills stream their held pulls when offered (`held-stream`), as the kiosk does; BENCH_STREAM=0:
 * they long-poll, one request an answer.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClock, type HlcClock, nodeIdForDevice } from "@stamp/core";
import { Client } from "undici";
import { printTable } from "../../../scripts/bench-table";
import { loadConfig } from "../src/config";
import { createPairingCode } from "../src/devices/create-pairing-code";
import { createLogger } from "../src/logger";
import { openServices } from "../src/open-services";
import { openSqliteStorage } from "../src/storage/sqlite/sqlite-storage";
import { spawnServer } from "../test/spawn-server";
import { pairBenchTill, seedBenchMerchant } from "./bench-merchant";
import { benchBundle, whole } from "./bench-support";
import { tillHeaders } from "./till-headers";
import { tillStamp } from "./till-stamp";
import { BENCH_STREAM, streamPull } from "./till-stream";

const TILLS = Number(process.env.BENCH_HELD ?? 1_000);
const STAMPS = Number(process.env.BENCH_STAMPS ?? 300);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1);
const LOCATIONS = 10;
const PROBE = fileURLToPath(new URL("./gc-totals-probe.mjs", import.meta.url));

interface GcTotals {
  readonly scavenges: number;
  readonly scavengeMs: number;
  readonly promoted: number;
  readonly markCompacts: number;
  readonly markCompactMs: number;
  readonly liveAfter: readonly number[];
  readonly cpuMs: number;
}

interface Till {
  readonly location: number;
  readonly deviceId: string;
  readonly token: string;
  readonly client: Client;
  cursor: string | null;
  clock: HlcClock;
}

const root = mkdtempSync(join(tmpdir(), "stamp-bench-held-churn-"));
const dataDir = join(root, "sqlite");
try {
  const bundle = benchBundle();
  const services = await openServices(
    { ...loadConfig({}), dataDir },
    createLogger("warn"),
    "http://localhost",
  );
  const { merchant, locations, cards } = await seedBenchMerchant(services, LOCATIONS, LOCATIONS);
  await services.storage.close();
  const server = await spawnServer(dataDir, { NODE_OPTIONS: `--import=${PROBE}` }, bundle);
  const storage = openSqliteStorage(join(dataDir, "stamp.db"));
  try {
    let reported: ((totals: GcTotals) => void) | null = null;
    server.child.stderr?.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n"))
        if (line.startsWith("gc-totals ")) reported?.(JSON.parse(line.slice("gc-totals ".length)));
    });
    const totals = () =>
      new Promise<GcTotals>((resolve) => {
        reported = resolve;
        server.child.kill("SIGUSR2");
      });
    const pair = async (location: number): Promise<Till> => {
      const locationId = locations[location] as string;
      const admin = { store: storage.store, now: Date.now };
      const code = await createPairingCode(admin, { ...merchant, locationId });
      if (!code.ok) throw new Error(code.reason);
      const { deviceId, token } = await pairBenchTill(server.url, code.code);
      const client = new Client(server.url, { pipelining: 1 });
      const clock = createClock(nodeIdForDevice(deviceId));
      return { location, deviceId, token, client, cursor: null, clock };
    };
    const sync = async (till: Till, body: Record<string, unknown>) => {
      const reply = await till.client.request({
        path: "/api/v1/sync",
        method: "POST",
        headers: tillHeaders(till.token),
        body: JSON.stringify({ cursor: till.cursor, ...body }),
      });
      if (reply.statusCode !== 200) throw new Error(`sync: ${await reply.body.text()}`);
      till.cursor = ((await reply.body.json()) as { cursor: string }).cursor;
    };
    process.stderr.write(`pairing ${TILLS} tills…\n`);
    const tills: Till[] = [];
    for (let i = 0; i < TILLS; i++) tills.push(await pair(i % LOCATIONS));
    const stampers: Till[] = [];
    for (let i = 0; i < LOCATIONS; i++) stampers.push(await pair(i));
    for (const till of [...tills, ...stampers]) await sync(till, { events: [] });
    // Every till holds a pull from here on, asking again as soon as it is answered.
    const answered = Array.from({ length: LOCATIONS }, () => 0);
    let holding = true;
    const answer = (till: Till, json: Record<string, unknown>) => {
      till.cursor = json.cursor as string;
      answered[till.location] = (answered[till.location] as number) + 1;
    };
    const held = tills.map(async (till) => {
      while (holding) {
        if (!BENCH_STREAM) {
          await sync(till, { events: [], wait: 25 });
          answered[till.location] = (answered[till.location] as number) + 1;
          continue;
        }
        // Streamed (the server offers it): answered on the stream until the server stops.
        const asked = JSON.stringify({ cursor: till.cursor, events: [], wait: 25, stream: true });
        const streamed = await streamPull(till.client, tillHeaders(till.token), asked, (json) =>
          answer(till, json),
        );
        if (streamed.kind === "answer" && streamed.status === 200)
          answer(till, JSON.parse(streamed.text));
      }
    });
    // Counted from once they all hold (their first requests and the pairing are not counted).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await totals();
    process.stderr.write(`${STAMPS} stamps…\n`);
    const started = Date.now();
    for (let i = 0; i < STAMPS; i++) {
      const at = i % LOCATIONS;
      const before = answered[at] as number;
      const stamper = stampers[at] as Till;
      const card = cards[at] as string;
      const events = Array.from({ length: EVENTS }, () => tillStamp(stamper, merchant, card));
      await sync(stamper, { events });
      while ((answered[at] as number) < before + TILLS / LOCATIONS)
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const seconds = (Date.now() - started) / 1000;
    const gc = await totals();
    const answers = (STAMPS * TILLS) / LOCATIONS;
    holding = false;
    await server.stop();
    await Promise.allSettled(held);
    await Promise.all([...tills, ...stampers].map((till) => till.client.destroy()));
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
    printTable(
      `Held pulls' cost to the GC, SQLite: ${whole(TILLS)} tills over ${LOCATIONS} locations on held pulls (${BENCH_STREAM ? "streamed" : "long-polled: BENCH_STREAM=0"}), ${whole(STAMPS)} stamps of ${EVENTS} event(s) one after another each answering its location's ${whole(TILLS / LOCATIONS)} (${whole(answers)} held answers in ${seconds.toFixed(1)} s)`,
      [
        {
          "promoted per held answer, kB": (gc.promoted / 1024 / answers).toFixed(1),
          "scavenges (pause, ms)": `${gc.scavenges} (${whole(gc.scavengeMs)})`,
          "mark-compacts (pause, ms)": `${gc.markCompacts} (${whole(gc.markCompactMs)})`,
          "old generation live after them, MB": gc.liveAfter.map(mb).join(" "),
          "CPU ms per held answer": (gc.cpuMs / answers).toFixed(3),
        },
      ],
    );
  } finally {
    await storage.close();
    await server.stop();
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
