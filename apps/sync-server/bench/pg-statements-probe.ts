import { fileURLToPath } from "node:url";
import type { SpawnedServer } from "../test/spawn-server";
import { backendCpus } from "./bench-support";

/** The probe a PostgreSQL bench loads into stampd beside `round-probe.mjs`: `pg-statements-probe.mjs`. */
export const PG_STATEMENTS_PROBE = fileURLToPath(
  new URL("./pg-statements-probe.mjs", import.meta.url),
);

/** The statements a probed server has sent so far, and by name. */
export interface StatementCounts {
  readonly statements: number;
  readonly byName: Readonly<Record<string, number>>;
}

/**
 * The server's next `pg-statements` line: listens without signalling, so the caller's own
 * SIGUSR2 (`round-probe.ts`'s `probe`) makes both probes write theirs.
 */
export function nextStatements(server: SpawnedServer): Promise<StatementCounts> {
  return new Promise((resolve) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const line = /pg-statements (\{.*\})\n/.exec(text);
      if (!line) return;
      server.child.stderr?.off("data", onData);
      resolve(JSON.parse(line[1] as string) as StatementCounts);
    };
    server.child.stderr?.on("data", onData);
  });
}

/** `after` less `before`, by name (those that did not change left out). */
export function statementsBetween(
  before: StatementCounts,
  after: StatementCounts,
): StatementCounts {
  const byName: Record<string, number> = {};
  for (const [name, count] of Object.entries(after.byName)) {
    const more = count - (before.byName[name] ?? 0);
    if (more > 0) byName[name] = more;
  }
  return { statements: after.statements - before.statements, byName };
}

/**
 * CPU so far of the PostgreSQL backends connected to `database` (`backendCpus`), in ms. Backends
 * that have exited are not counted: a bench reads them across a phase its server's pool keeps its
 * connections through (else `BackendsCpu`).
 */
export function backendsCpuMs(database: string): number {
  let total = 0;
  for (const cpu of backendCpus(database).values()) total += cpu;
  return total;
}
