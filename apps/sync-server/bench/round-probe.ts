import { fileURLToPath } from "node:url";
import type { SpawnedServer } from "../test/spawn-server";

/** The probe a bench loads into stampd (NODE_OPTIONS=--import=ROUND_PROBE): `round-probe.mjs`. */
export const ROUND_PROBE = fileURLToPath(new URL("./round-probe.mjs", import.meta.url));

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
