// npm run bench -w packages/stamp-core: fold, merge and card-code throughput on this machine.
import { webcrypto } from "node:crypto";
import { performance } from "node:perf_hooks";
import { percentile, printTable } from "../../../scripts/bench-table";
import {
  foldCard,
  importCardCodeKeys,
  importCardCodeSigner,
  logOf,
  mergeLogs,
  Replica,
  type StampEvent,
  type SubtleLike,
  signCardCode,
  verifyCardCode,
} from "../src/index";
import { cardIdFor, EventFactory, MERCHANT, makeProgram, PROGRAM } from "../src/testing/fixtures";

const program = makeProgram({ goal: 10 });

/** 100 events per card: stamps, some undone, vouchers redeemed — the mix of a busy cafe. */
function cardHistory(card: number, perCard: number): StampEvent[] {
  const f = new EventFactory(cardIdFor(card));
  const events: StampEvent[] = [f.enrolled()];
  while (events.length < perCard) {
    const i = events.length;
    if (i % 25 === 0) events.push(f.revoked((events[i - 1] as StampEvent).id));
    else if (i % 12 === 0) events.push(f.redeemed(Math.max(1, Math.floor(i / 12))));
    else events.push(f.added(1 + (i % 2)));
  }
  return events;
}

function shuffledInPlace<T>(items: T[], seed: number): T[] {
  let s = seed;
  for (let i = items.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

function foldAll(histories: readonly StampEvent[][]): { ms: number; stamps: number } {
  const start = performance.now();
  let stamps = 0;
  histories.forEach((events, i) => {
    stamps += foldCard(program, cardIdFor(i + 1), events).lifetimeStamps;
  });
  return { ms: performance.now() - start, stamps };
}

/**
 * Rebuilds 10k cards of 100 events each, as parsed JSON (the way events come out of SQLite or off
 * the network): once in log order (how the server and the kiosk read them back: sequence order,
 * nearly always HLC order) and once shuffled (worst case: every card needs a sort). One warm-up
 * pass, then three timed runs of each.
 */
function benchFold(): void {
  const cards = 10_000;
  const perCard = 100;
  const inLogOrder = Array.from(
    { length: cards },
    (_, i) => JSON.parse(JSON.stringify(cardHistory(i + 1, perCard))) as StampEvent[],
  );
  const shuffled = inLogOrder.map((events, i) => shuffledInPlace([...events], i));
  foldAll(shuffled);
  const rows = [];
  for (const [order, histories] of [
    ["log order", inLogOrder],
    ["shuffled", shuffled],
  ] as const) {
    for (let run = 1; run <= 3; run++) {
      const { ms, stamps } = foldAll(histories);
      rows.push({
        input: order,
        run,
        events: cards * perCard,
        "time (ms)": ms,
        "events/s": Math.round((cards * perCard) / (ms / 1000)),
        "goal events/s": "≥ 2,000,000",
        checksum: stamps,
      });
    }
  }
  printTable("Fold: rebuild 10k cards from 1M events", rows);
}

function benchMerge(): void {
  const all = Array.from({ length: 1500 }, (_, i) => cardHistory(i + 1, 100)).flat();
  const a = logOf(all.slice(0, 100_000));
  const b = logOf(all.slice(50_000, 150_000));
  const start = performance.now();
  const merged = mergeLogs(a, b);
  const mergeMs = performance.now() - start;

  const replicaA = new Replica(() => program);
  replicaA.ingest(a.values());
  const ingestStart = performance.now();
  const { added } = replicaA.ingest(shuffledInPlace([...b.values()], 7));
  const ingestMs = performance.now() - ingestStart;
  printTable("Merge two 100k-event replicas (50k shared)", [
    {
      operation: "mergeLogs (set union)",
      "time (ms)": mergeMs,
      "result events": merged.size,
      "events/s": Math.round(200_000 / (mergeMs / 1000)),
    },
    {
      operation: "Replica.ingest (union + card states, shuffled)",
      "time (ms)": ingestMs,
      "result events": replicaA.size,
      "events/s": Math.round(100_000 / (ingestMs / 1000)),
      "new events": added.length,
    },
  ]);
}

async function benchCardCodes(): Promise<void> {
  const subtle = webcrypto.subtle as unknown as SubtleLike;
  const pair = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ]);
  const jwk = { ...(await webcrypto.subtle.exportKey("jwk", pair.privateKey)), kid: "bench1" };
  const signer = await importCardCodeSigner(jwk as never, subtle);
  const { d: _d, ...publicJwk } = jwk;
  const ring = await importCardCodeKeys({ keys: [publicJwk as never] }, subtle);
  const n = 5000;
  const codes: string[] = [];
  const signTimes: number[] = [];
  let start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    codes.push(
      await signCardCode(
        { cardId: cardIdFor(i + 1), programId: PROGRAM, merchantId: MERCHANT },
        signer,
        subtle,
      ),
    );
    signTimes.push(performance.now() - t);
  }
  const signMs = performance.now() - start;
  const verifyTimes: number[] = [];
  start = performance.now();
  for (const code of codes) {
    const t = performance.now();
    const result = await verifyCardCode(code, ring, MERCHANT, subtle);
    if (!result.ok) throw new Error("verification failed in bench");
    verifyTimes.push(performance.now() - t);
  }
  const verifyMs = performance.now() - start;
  const row = (operation: string, totalMs: number, times: number[]) => ({
    operation,
    count: n,
    "per second": Math.round(n / (totalMs / 1000)),
    "p50 (ms)": percentile(times, 50),
    "p99 (ms)": percentile(times, 99),
    "code length": codes[0]?.length ?? 0,
  });
  printTable("Card codes (ES256, WebCrypto in Node)", [
    row("sign", signMs, signTimes),
    row("verify", verifyMs, verifyTimes),
  ]);
}

benchFold();
benchMerge();
await benchCardCodes();
