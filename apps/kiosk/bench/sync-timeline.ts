import type { SyncRequestTiming, TransactionTiming } from "./page-probes";

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Where a backlog sync's time went, per push, from the page's Resource Timing: the kiosk's time
 * between an answer and its next request (reading the outbox, encoding, storing what it must wait
 * for), the request's upload, the server's time to its first answer byte, and the download. With
 * requests in flight together, the columns overlap and add up to more than the wall time. Then the
 * page's IndexedDB transactions on the outbox in that time, from opened to complete (queued behind
 * each other included): the answers' stores (they delete from it), the live outbox count (the
 * status bar's badge) and the reader's pages.
 */
export function syncTimelineTable(
  requests: readonly SyncRequestTiming[],
  transactions: readonly TransactionTiming[],
  onlineAt: number,
  doneAt: number,
): string {
  const upload = requests.map((r) => r.requestStart - r.start);
  const server = requests.map((r) => r.responseStart - r.requestStart);
  const download = requests.map((r) => r.end - r.responseStart);
  const kiosk = requests.slice(1).map((r, i) => r.start - (requests[i] as SyncRequestTiming).end);
  const first = requests[0];
  const last = requests.at(-1);
  const during = (op: string, not = "") =>
    transactions
      .filter(
        (t) =>
          t.ops.includes(op) && !t.ops.includes(not) && t.opened >= onlineAt && t.done <= doneAt,
      )
      .map((t) => t.done - t.opened);
  const row = (what: string, values: readonly number[]) =>
    `| ${what} | ${values.length} | ${(sum(values) / 1000).toFixed(2)} s | ${median(values).toFixed(1)} ms | ${Math.max(0, ...values).toFixed(0)} ms |`;
  return [
    "| backlog sync, per push | n | total | median | longest |",
    "| --- | ---: | ---: | ---: | ---: |",
    row("online → first request", first ? [first.start - onlineAt] : []),
    row("kiosk: answer → next request", kiosk),
    row("request upload", upload),
    row("server: request → first answer byte", server),
    row("answer download", download),
    row("last answer → outbox seen empty", last ? [doneAt - last.end] : []),
    row("store an answer (outbox deletes)", during("outbox.delete")),
    // A range delete counts its range first, in the answer's transaction.
    row("count the outbox (status bar)", during("outbox.count", "outbox.delete")),
    row("read an outbox page", during("outbox.getAll")),
  ].join("\n");
}

/** The page's longest transactions in the backlog's time: what they did and when (s after online). */
export function longestTransactions(
  transactions: readonly TransactionTiming[],
  onlineAt: number,
  doneAt: number,
  count: number,
): string {
  return transactions
    .filter((t) => t.opened >= onlineAt && t.done <= doneAt)
    .sort((a, b) => b.done - b.opened - (a.done - a.opened))
    .slice(0, count)
    .map(
      (t) =>
        `${(t.done - t.opened).toFixed(0)} ms from ${((t.opened - onlineAt) / 1000).toFixed(2)} s: ${t.ops.join(" ")}`,
    )
    .join("\n");
}
