import { fileURLToPath } from "node:url";
import type { SpawnedServer } from "../test/spawn-server";

/** The probe a bench loads into stampd (NODE_OPTIONS=--import=ROUND_PROBE): `round-probe.mjs`. */
const ROUND_PROBE = fileURLToPath(new URL("./round-probe.mjs", import.meta.url));

/**
 * A probed stampd's environment: the probe, and the thread pool and malloc settings `npm start`
 * gives it (README "What an instance's memory is made of").
 */
export const PROBED_SERVER_ENV: Readonly<Record<string, string>> = {
  NODE_OPTIONS: `--import=${ROUND_PROBE}`,
  UV_THREADPOOL_SIZE: "8",
  MALLOC_ARENA_MAX: "2",
  MALLOC_MMAP_THRESHOLD_: "131072",
};

/** What the server has used so far, as `round-probe.mjs` counts it. */
export interface Probe {
  readonly cpuMicros: number;
  /** Bytes allocated on the V8 heap. */
  readonly allocated: number;
  readonly gcs: number;
  readonly gcMicros: number;
  readonly scavenges: number;
  readonly markCompacts: number;
  /** Bytes the scavenges moved to the old generation. */
  readonly promoted: number;
}

/** The server's probe line, asked for by a signal and read from its stderr. */
export function probe(server: SpawnedServer): Promise<Probe> {
  return new Promise((resolve) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const line = /round-probe (\{.*\})\n/.exec(text);
      if (!line) return;
      server.child.stderr?.off("data", onData);
      resolve(JSON.parse(line[1] as string) as Probe);
    };
    server.child.stderr?.on("data", onData);
    server.child.kill("SIGUSR2");
  });
}
