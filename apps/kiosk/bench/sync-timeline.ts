import type { SyncRequestTiming } from "./page-probes";

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
 * requests in flight together, the columns overlap and add up to more than the wall time.
 */
export function syncTimelineTable(
  requests: readonly SyncRequestTiming[],
  onlineAt: number,
  doneAt: number,
): string {
  const upload = requests.map((r) => r.requestStart - r.start);
  const server = requests.map((r) => r.responseStart - r.requestStart);
  const download = requests.map((r) => r.end - r.responseStart);
  const kiosk = requests.slice(1).map((r, i) => r.start - (requests[i] as SyncRequestTiming).end);
  const first = requests[0];
  const last = requests.at(-1);
  const row = (what: string, values: readonly number[]) =>
    `| ${what} | ${values.length} | ${(sum(values) / 1000).toFixed(2)} s | ${median(values).toFixed(1)} ms |`;
  return [
    "| backlog sync, per push | n | total | median |",
    "| --- | ---: | ---: | ---: |",
    row("online → first request", first ? [first.start - onlineAt] : []),
    row("kiosk: answer → next request", kiosk),
    row("request upload", upload),
    row("server: request → first answer byte", server),
    row("answer download", download),
    row("last answer → outbox seen empty", last ? [doneAt - last.end] : []),
  ].join("\n");
}
