import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { DeviceCounts } from "../storage/store";
import type { SyncResult } from "../sync/sync-batch";

/**
 * A till online syncs every 30 s (the kiosk's steady timer): one that has not synced for this
 * long is off, offline or stuck.
 */
export const TILL_ONLINE_WINDOW_MS = 120_000;

/** Where the gauges read their values when Prometheus scrapes. */
export interface MetricSources {
  /** Tills by state; `synced`: active ones that synced at or after `syncedSince`. */
  readonly devices: (syncedSince: number) => Promise<DeviceCounts>;
  readonly pushJobs: () => Promise<{ readonly pending: number; readonly failed: number }>;
  /** When the newest backup was made; null: none (or backups are not the server's job). */
  readonly newestBackupAt: () => number | null;
  readonly now: () => number;
}

/**
 * One server's Prometheus metrics, in its own registry (tests run several servers in a process).
 * Label values come from fixed sets — route patterns, status codes, rejection codes — never from
 * what a client sent, so the series stay bounded.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<"method" | "route" | "status">;
  readonly #duration: Histogram<"method" | "route" | "status">;
  readonly #syncEvents: Counter<"outcome" | "code">;
  readonly #streamAnswers: Counter;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: "stamp_" });
    this.#requests = new Counter({
      name: "stamp_http_requests_total",
      help: "HTTP requests answered, by route pattern and status",
      labelNames: ["method", "route", "status"],
      registers,
    });
    this.#duration = new Histogram({
      name: "stamp_http_request_duration_seconds",
      help: "Time to answer an HTTP request, by route pattern and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.#syncEvents = new Counter({
      name: "stamp_sync_events_total",
      help: "Events devices pushed: accepted, duplicate (already held) or rejected (by code)",
      labelNames: ["outcome", "code"],
      registers,
    });
    this.#streamAnswers = new Counter({
      name: "stamp_sync_stream_answers_total",
      help: "Answers sent on held streams (each stream is one request, counted when it ends)",
      registers,
    });
    new Gauge({
      name: "stamp_devices",
      help: "Paired tills of every merchant, by state",
      labelNames: ["state"],
      registers,
      async collect() {
        const counts = await sources.devices(sources.now());
        this.set({ state: "active" }, counts.active);
        this.set({ state: "revoked" }, counts.revoked);
      },
    });
    new Gauge({
      name: "stamp_devices_online",
      help: "Active tills that synced in the last 2 minutes (an online till syncs every 30 s)",
      registers,
      async collect() {
        this.set((await sources.devices(sources.now() - TILL_ONLINE_WINDOW_MS)).synced);
      },
    });
    new Gauge({
      name: "stamp_wallet_push_jobs",
      help: "Wallet pass update pushes waiting to be sent (pending) or given up (failed)",
      labelNames: ["status"],
      registers,
      async collect() {
        const counts = await sources.pushJobs();
        this.set({ status: "pending" }, counts.pending);
        this.set({ status: "failed" }, counts.failed);
      },
    });
    new Gauge({
      name: "stamp_backup_age_seconds",
      help: "Age of the newest backup in DATA_DIR/backups; absent when there is none",
      registers,
      collect() {
        this.reset();
        const newest = sources.newestBackupAt();
        if (newest !== null) this.set((sources.now() - newest) / 1000);
      },
    });
  }

  request(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.#requests.inc(labels);
    this.#duration.observe(labels, seconds);
  }

  /** One answer of a held stream sent (`held-stream-answer.ts`). */
  streamAnswer(): void {
    this.#streamAnswers.inc();
  }

  syncRound(result: SyncResult): void {
    if (result.accepted.length > 0)
      this.#syncEvents.inc({ outcome: "accepted", code: "" }, result.accepted.length);
    if (result.duplicates.length > 0)
      this.#syncEvents.inc({ outcome: "duplicate", code: "" }, result.duplicates.length);
    for (const rejected of result.rejected)
      this.#syncEvents.inc({ outcome: "rejected", code: rejected.code });
  }
}
