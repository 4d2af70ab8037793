import pg from "pg";
import { vi } from "vitest";

/** What one statement sent to PostgreSQL was: its prepared name, else its text. */
function statementName(config: unknown): string {
  if (typeof config === "string") return config;
  const { name, text } = config as { name?: string; text?: string };
  return name ?? text ?? "?";
}

/**
 * The statements this process's pg clients send while `run` runs, by name (unnamed ones by their
 * text): every query is a socket write and a wait, so a test can bound how many a request costs.
 * Left out: the scope feed's NOTIFY (its own connection, sent after the commit, coalesced) and the
 * background workers' polls for work (push, webhooks, campaigns…: `*-claim`), which go on meanwhile.
 */
export async function statementsDuring(run: () => Promise<unknown>): Promise<string[]> {
  const spy = vi.spyOn(pg.Client.prototype, "query");
  try {
    await run();
    return spy.mock.calls
      .map(([config]) => statementName(config))
      .filter((s) => !s.includes("pg_notify") && !s.endsWith("-claim"));
  } finally {
    spy.mockRestore();
  }
}
