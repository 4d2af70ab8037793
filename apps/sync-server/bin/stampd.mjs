#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=50
// Small young-generation semi-spaces: each sync request's bodies are short-lived, and V8's default
// (16 MB) let the server's peak RSS grow by ~40 MB under ingest for no measurable throughput gain.
// The old space grows to 1.5× what a full GC left (V8 picks up to 4× on a machine with this much
// memory): a campaign's fan-out lives on ~45 MB of heap, yet promoted garbage took the heap to
// ~200 MB before V8 collected it (peak RSS 350 MB at 100,000 cards); 1.5× keeps it near 70 MB at
// no measurable CPU cost. Not a limit: the heap still grows as far as live data needs. Measured
// again with and without it (session 24, 2 loaded cores): campaign fan-out of 20,000 cards peaks
// at 160–199 MB with it, 199–265 MB without; 1,000 tills (20 busy, 980 on held pulls) hold
// 180–210 MB with it, 304–334 MB without (peak 298–311 vs 533 MB as they catch up), at the same
// server CPU per round (0.9–2.8 ms with, 1.4–2.7 ms without).
// What the small young generation costs bulk ingest (session 36, `bench/ingest-ab.ts`, 500-event
// batches over HTTP, four interleaved rounds, load 20–27): with 16 MB semi-spaces a batch runs
// 0.47 scavenges instead of 2.0, promotes 0.3–0.6 MB instead of 1.4–1.6, and 0.025–0.05
// mark-compacts instead of 0.09–0.14, for ~18 % less server CPU per batch (54.6 vs 66.9 ms, mean),
// at +15–30 MB of peak RSS (8 MB semi-spaces: −5 %, +2–13 MB). The many-tills RSS goal leaves
// no room for it yet.
// Measured again with `--single-threaded-gc` (session 37, 2026-12-07, load 15–25: interleaved
// A/B of flag sets on one bundle, an A/A pair for the noise): 16 MB semi-spaces with one GC thread
// cut server CPU per ingest batch 13 % on SQLite (53.7 vs 61.8 / 65.0 ms A/A) and 25 % on
// PostgreSQL (54.1 vs 72.3 / 71.1), and per CSV row 44 % / 56 %, but every peak RSS rose: ingest
// +35–45 MB, campaign fan-out +37–39, CSV export +34–54, 1,000 tills 240 vs 202 / 180 MB on
// SQLite, 212 vs 170 on PostgreSQL (on a machine too loaded to offer the tills' load: quiet, the
// line as it is peaks at 232 on SQLite). `--single-threaded-gc` alone: −1 % ingest
// CPU on SQLite, −10 % on PostgreSQL, +8–18 MB of peak RSS everywhere; 8 MB semi-spaces: −1 % /
// −11 %, +2–24 MB. No set that saves CPU keeps SQLite's peak 10 MB under the 250 MB goal: the
// line stays (bench/ingest-ab.ts, many-tills.ts and campaign-fanout.ts run such A/Bs).
// The `stampd` CLI runs the TypeScript sources directly: tsx's ESM loader, with this workspace's
// tsconfig (JSX via hono/jsx) whatever the current directory.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("../src/cli.ts");
