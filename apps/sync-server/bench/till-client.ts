/**
 * The many-tills client: the paired tills spread over worker threads (`till-worker.ts`), so that
 * neither the tills nor the hello-world yardstick are limited by one client thread. The main
 * thread hands each command to every thread for its share of the tills and merges the answers.
 */

import { availableParallelism } from "node:os";
import type { EventLoopUtilization } from "node:perf_hooks";
import { Worker } from "node:worker_threads";

/** What a thread needs of a paired till. */
export interface TillSetup {
  /** Its location, 0 … locations − 1. */
  readonly location: number;
  readonly deviceId: string;
  readonly token: string;
  /** The server instance it syncs with. */
  readonly url: string;
  cursor: string | null;
}

export interface WorkerSetup {
  readonly tills: readonly TillSetup[];
  readonly merchantId: string;
  readonly programId: string;
  readonly cards: readonly string[];
  readonly locations: number;
  /** A round's stamp lands on a card of another location this often (a customer visiting). */
  readonly visits: number;
  readonly seed: number;
}

/** A thread's commands; `tills` are indices into its own tills. */
export type ClientCommand =
  | {
      readonly kind: "busy";
      readonly tills: readonly number[];
      readonly pauseMs: number;
      readonly endAt: number;
    }
  | { readonly kind: "held"; readonly tills: readonly number[]; readonly endAt: number }
  | { readonly kind: "catch-up"; readonly tills: readonly number[] }
  | { readonly kind: "place-cards"; readonly tills: readonly number[] }
  | {
      readonly kind: "hello-world";
      readonly url: string;
      readonly connections: number;
      readonly endAt: number;
    }
  | { readonly kind: "close" };

export interface StepResult {
  readonly latencies: number[];
  /** Events pulled, compact cards' tails included (protocol 5). */
  readonly pulled: number;
  /** Bytes of the answers. */
  readonly bytes: number;
  readonly failures: number;
}

export interface HeldResult {
  readonly answers: number;
  /** Answers without `maxWait`: the server had no room to hold the till's pull. */
  readonly unheld: number;
  readonly pulled: number;
  readonly bytes: number;
  readonly failures: number;
  /**
   * For each stamp an idle till received, ms from its making (its UUIDv7's moment, on the same
   * machine's clock) to the answer that brought it: how late an idle till learns of a stamp.
   */
  readonly staleness: number[];
}

/** What a catch-up took: its rounds (pages pulled) and their answers' bytes. */
export interface CatchUpResult {
  readonly rounds: number;
  readonly bytes: number;
}

/** Client threads: BENCH_CLIENT_THREADS, else one per core. */
export const CLIENT_THREADS = Number(process.env.BENCH_CLIENT_THREADS ?? availableParallelism());

/** A command as sent: the id its answer carries back (a thread may run two at once). */
export interface Asked {
  readonly id: number;
  readonly command: ClientCommand;
}

export type Answer =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

let asked = 0;

const WORKER = new URL("./till-worker.ts", import.meta.url).href;

/**
 * A client thread, its TypeScript loaded through tsx as the bench's is; resolved once it listens
 * (loading takes a while, and commands carry deadlines).
 */
function startThread(setup: WorkerSetup): Promise<Worker> {
  const load = `import("tsx/esm/api").then(({ tsImport }) => tsImport(${JSON.stringify(WORKER)}, ${JSON.stringify(WORKER)}))`;
  const worker = new Worker(load, { eval: true, workerData: setup });
  return new Promise((resolve, reject) => {
    worker.once("message", () => resolve(worker));
    worker.once("error", reject);
  });
}

function ask<T>(worker: Worker, command: ClientCommand): Promise<T> {
  const id = ++asked;
  return new Promise((resolve, reject) => {
    const listener = (answer: Answer) => {
      if (answer.id !== id) return;
      worker.off("message", listener);
      if (answer.ok) resolve(answer.result as T);
      else reject(new Error(answer.error));
    };
    worker.on("message", listener);
    worker.postMessage({ id, command } satisfies Asked);
  });
}

export class TillClient {
  readonly #workers: Worker[];
  /** Till i lives in thread i % threads, at index floor(i / threads) there. */
  readonly #threads: number;

  private constructor(workers: Worker[]) {
    this.#workers = workers;
    this.#threads = workers.length;
  }

  static async start(
    setup: Omit<WorkerSetup, "tills" | "seed">,
    tills: readonly TillSetup[],
  ): Promise<TillClient> {
    const threads = Math.max(1, Math.min(CLIENT_THREADS, tills.length));
    const workers = await Promise.all(
      Array.from({ length: threads }, (_, thread) =>
        startThread({
          ...setup,
          tills: tills.filter((_, i) => i % threads === thread),
          seed: 7 + thread,
        }),
      ),
    );
    return new TillClient(workers);
  }

  /** Sends each thread its share of the tills `from` … `to` − 1 (by the kind `make` builds). */
  #each<T>(from: number, to: number, make: (tills: number[]) => ClientCommand): Promise<T[]> {
    return Promise.all(
      this.#workers.map((worker, thread) => {
        const own: number[] = [];
        for (let i = from; i < to; i++)
          if (i % this.#threads === thread) own.push(Math.floor(i / this.#threads));
        return ask<T>(worker, make(own));
      }),
    );
  }

  async busy(from: number, to: number, pauseMs: number, endAt: number): Promise<StepResult> {
    const parts = await this.#each<StepResult>(from, to, (tills) => ({
      kind: "busy",
      tills,
      pauseMs,
      endAt,
    }));
    return {
      latencies: parts.flatMap((p) => p.latencies),
      pulled: parts.reduce((n, p) => n + p.pulled, 0),
      bytes: parts.reduce((n, p) => n + p.bytes, 0),
      failures: parts.reduce((n, p) => n + p.failures, 0),
    };
  }

  async held(from: number, to: number, endAt: number): Promise<HeldResult> {
    const parts = await this.#each<HeldResult>(from, to, (tills) => ({
      kind: "held",
      tills,
      endAt,
    }));
    return {
      answers: parts.reduce((n, p) => n + p.answers, 0),
      unheld: parts.reduce((n, p) => n + p.unheld, 0),
      pulled: parts.reduce((n, p) => n + p.pulled, 0),
      bytes: parts.reduce((n, p) => n + p.bytes, 0),
      failures: parts.reduce((n, p) => n + p.failures, 0),
      staleness: parts.flatMap((p) => p.staleness),
    };
  }

  async catchUp(from: number, to: number): Promise<CatchUpResult> {
    const parts = await this.#each<CatchUpResult>(from, to, (tills) => ({
      kind: "catch-up",
      tills,
    }));
    return {
      rounds: parts.reduce((n, p) => n + p.rounds, 0),
      bytes: parts.reduce((n, p) => n + p.bytes, 0),
    };
  }

  async placeCards(from: number, to: number): Promise<void> {
    await this.#each(from, to, (tills) => ({ kind: "place-cards", tills }));
  }

  /**
   * Each thread's event-loop use so far, read from outside it (`performance.eventLoopUtilization`
   * of two readings says how busy each thread was between them): what tells a step the client
   * limited from one the servers did.
   */
  eventLoops(): EventLoopUtilization[] {
    return this.#workers.map((worker) => worker.performance.eventLoopUtilization());
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => ask(worker, { kind: "close" })));
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}

/** Hello world's req/s over `connections` connections spread over the client threads. */
export async function helloWorldRate(url: string, connections: number, ms: number) {
  const threads = Math.max(1, Math.min(CLIENT_THREADS, connections));
  const workers = await Promise.all(
    Array.from({ length: threads }, () =>
      startThread({
        tills: [],
        merchantId: "",
        programId: "",
        cards: [],
        locations: 1,
        visits: 0,
        seed: 0,
      }),
    ),
  );
  const started = Date.now();
  const endAt = started + ms;
  const counts = await Promise.all(
    workers.map((worker, thread) =>
      ask<number>(worker, {
        kind: "hello-world",
        url,
        connections: Math.floor(connections / threads) + (thread < connections % threads ? 1 : 0),
        endAt,
      }),
    ),
  );
  const rate = counts.reduce((a, b) => a + b, 0) / ((Date.now() - started) / 1000);
  await Promise.all(workers.map((worker) => worker.terminate()));
  return rate;
}
