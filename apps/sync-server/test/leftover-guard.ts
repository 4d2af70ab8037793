import { setImmediate as nextTurn } from "node:timers/promises";
import { aroundAll } from "vitest";

/**
 * What a test file must not leave running: listening servers (a test server keeps its rounds —
 * webhooks, campaigns, pushes — going) and child processes (a stampd). Test files share one
 * process and its modules (vitest `isolate: false`), so a leftover would load every file after it.
 */
const WATCHED = ["TCPServerWrap", "ProcessWrap"] as const;

const running = () => {
  const active = process.getActiveResourcesInfo();
  return Object.fromEntries(
    WATCHED.map((kind) => [kind, active.filter((resource) => resource === kind).length]),
  );
};

// A setup file runs before each test file is imported: what runs now was there before it.
const before = running();

// Around the file's run: after every afterAll of it (and of its describe blocks) has finished.
aroundAll(async (runFile) => {
  await runFile();
  // A closed server's handle is freed in the close phase of the event loop's turn: two turns on.
  await nextTurn();
  await nextTurn();
  const after = running();
  const left = WATCHED.filter((kind) => (after[kind] ?? 0) > (before[kind] ?? 0));
  if (left.length > 0)
    throw new Error(
      `the file left ${left.map((kind) => `${(after[kind] ?? 0) - (before[kind] ?? 0)} ${kind}`).join(", ")} running: close its servers and stop its processes in afterAll`,
    );
});
