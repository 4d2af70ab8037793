/**
 * What a probed server used over a phase of a bench (`held-arrival.ts`): its CPU (`round-probe`),
 * and on PostgreSQL its backends' CPU (/proc) and the statements it sent (`pg-statements-probe`),
 * counted until the server has been quiet for a check interval.
 */
import type { SpawnedServer } from "../test/spawn-server";
import {
  backendsCpuMs,
  nextStatements,
  type StatementCounts,
  statementsBetween,
} from "./pg-statements-probe";
import { probe } from "./round-probe";

/** The server is quiet when it used less than this in a check interval. */
const QUIET_MICROS = 2_000;
const CHECK_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a server has used so far: its CPU, and on PostgreSQL its backends' CPU and its statements. */
export interface Used {
  readonly cpuMicros: number;
  readonly backendMicros: number;
  readonly statements: StatementCounts;
}

const NO_STATEMENTS: StatementCounts = { statements: 0, byName: {} };

/** A bundle's server on its copy of the data, and its database's name on PostgreSQL. */
export interface Served {
  readonly server: SpawnedServer;
  readonly database: string | null;
}

async function usedBy({ server, database }: Served): Promise<Used> {
  const [statements, { cpuMicros }] = await Promise.all([
    database ? nextStatements(server) : NO_STATEMENTS,
    probe(server),
  ]);
  return { cpuMicros, backendMicros: database ? backendsCpuMs(database) * 1000 : 0, statements };
}

/** What the server used from now until it has been quiet for a check interval after `burst`. */
export async function usedOf(served: Served, burst: () => unknown): Promise<Used> {
  const before = await usedBy(served);
  burst();
  let last = before.cpuMicros;
  for (;;) {
    await sleep(CHECK_MS);
    const now = await usedBy(served);
    if (now.cpuMicros - last < QUIET_MICROS)
      return {
        cpuMicros: now.cpuMicros - before.cpuMicros,
        backendMicros: now.backendMicros - before.backendMicros,
        statements: statementsBetween(before.statements, now.statements),
      };
    last = now.cpuMicros;
  }
}

/** Adds what a phase used to a running total. */
export function addUsed(total: Used, phase: Used): Used {
  return {
    cpuMicros: total.cpuMicros + phase.cpuMicros,
    backendMicros: total.backendMicros + phase.backendMicros,
    statements: {
      statements: total.statements.statements + phase.statements.statements,
      byName: Object.fromEntries(
        [
          ...new Set([
            ...Object.keys(total.statements.byName),
            ...Object.keys(phase.statements.byName),
          ]),
        ].map((name) => [
          name,
          (total.statements.byName[name] ?? 0) + (phase.statements.byName[name] ?? 0),
        ]),
      ),
    },
  };
}

export const NOTHING: Used = { cpuMicros: 0, backendMicros: 0, statements: NO_STATEMENTS };
