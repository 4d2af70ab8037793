import type { BenchProbe, TransactionTiming } from "./page-probes";

/**
 * The page's IndexedDB transactions while the scans ran, by what they did, per scan: how many a
 * scan costs (its write, the scan list, the live queries, the outbox push), counts that hold on
 * a loaded machine where the latencies do not. Requests are counted once per store and method.
 */
export function scanTransactionsTable(
  transactions: readonly TransactionTiming[],
  from: number,
  to: number,
  scans: number,
): string {
  const kinds = new Map<string, { count: number; ms: number; waves: number }>();
  let total = 0;
  for (const t of transactions) {
    if (t.opened < from || t.done > to) continue;
    total += 1;
    const kind = [...t.ops].sort().join(" + ") || "(no request)";
    const seen = kinds.get(kind) ?? { count: 0, ms: 0, waves: 0 };
    seen.count += 1;
    seen.ms += t.done - t.opened;
    seen.waves += t.waves;
    kinds.set(kind, seen);
  }
  return [
    `IndexedDB transactions per scan: ${(total / scans).toFixed(2)}`,
    "| transaction (store.method) | per scan | request waves | mean ms, opened → complete |",
    "| --- | ---: | ---: | ---: |",
    ...[...kinds.entries()]
      .sort((a, b) => b[1].count - a[1].count)
      .map(
        ([kind, { count, ms, waves }]) =>
          `| ${kind} | ${(count / scans).toFixed(2)} | ${(waves / count).toFixed(2)} | ${(ms / count).toFixed(2)} |`,
      ),
  ].join("\n");
}

function percentiles(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return `${at(0.5).toFixed(2)} / ${at(0.95).toFixed(2)} ms`;
}

/**
 * A scan's latency in two parts, p50 / p95: from the suffix key until its write's transaction is
 * opened (decoding, verifying the code, deciding, Dexie), and from then until it commits (queued
 * behind other transactions on its stores, its requests, the flush).
 */
export function scanSplit(
  transactions: readonly TransactionTiming[],
  suffixes: readonly number[],
  from: number,
): string {
  const before: number[] = [];
  const write: number[] = [];
  for (const t of transactions) {
    if (t.opened < from || !t.ops.includes("outbox.add")) continue;
    const suffix = Math.max(...suffixes.filter((key) => key <= t.opened));
    before.push(t.opened - suffix);
    write.push(t.done - t.opened);
  }
  return `suffix → write opened ${percentiles(before)}; write opened → committed ${percentiles(write)}`;
}

/**
 * The WebCrypto verifies the scans made, and those on a scan's path: called after its suffix and
 * before its write committed. A count that holds on a loaded machine where the latencies do not.
 */
export function scanVerifies(probe: BenchProbe, from: number, scans: number): string {
  const durable = probe.durable.filter((at) => at >= from);
  let onPath = 0;
  let onPathMs = 0;
  for (const at of durable) {
    const suffix = Math.max(...probe.suffix.filter((key) => key <= at));
    for (const v of probe.verifies)
      if (v.started >= suffix && v.started <= at) {
        onPath += 1;
        onPathMs += Math.min(v.ended, at) - v.started;
      }
  }
  const made = probe.verifies.filter((v) => v.started >= from).length;
  return `WebCrypto verifies per scan: ${(made / scans).toFixed(2)}, on the path from suffix to durable: ${(onPath / scans).toFixed(2)} (${(onPathMs / Math.max(1, onPath)).toFixed(2)} ms each)`;
}

/**
 * What shares a scan's window, from its suffix key until its write commits, per scan: React
 * commits, and the page's other IndexedDB transactions open in it, by what they did (a write on
 * the same stores waits for them, or they for it). Counts that hold on a loaded machine.
 */
export function scanWindowTable(probe: BenchProbe, from: number, scans: number): string {
  const writes = probe.transactions.filter((t) => t.opened >= from && t.ops.includes("outbox.add"));
  let commits = 0;
  let commitsToShown = 0;
  const kinds = new Map<string, number>();
  for (const write of writes) {
    const suffix = Math.max(...probe.suffix.filter((key) => key <= write.opened));
    const shown = probe.shown.find((at) => at >= write.done) ?? write.done;
    commits += probe.commits.filter((at) => at >= suffix && at <= write.done).length;
    commitsToShown += probe.commits.filter((at) => at > write.done && at <= shown).length;
    for (const t of probe.transactions)
      if (t !== write && t.opened < write.done && t.done > suffix) {
        const kind = [...t.ops].sort().join(" + ") || "(no request)";
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
  }
  return [
    `React commits per scan: suffix → durable ${(commits / scans).toFixed(2)}, durable → flash ${(commitsToShown / scans).toFixed(2)}, all ${(probe.commits.filter((at) => at >= from).length / scans).toFixed(2)}`,
    "| other transaction open in the scan's window | per scan |",
    "| --- | ---: |",
    ...[...kinds.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([kind, count]) => `| ${kind} | ${(count / scans).toFixed(2)} |`),
  ].join("\n");
}
