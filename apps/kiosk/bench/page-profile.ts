import type { CDPSession } from "playwright-core";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
    readonly columnNumber: number;
  };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Starts V8's sampling profiler of the page (CDP `Profiler`), every 1 ms. */
export async function startPageProfile(cdp: CDPSession): Promise<void> {
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 1000 });
  await cdp.send("Profiler.start");
}

/**
 * Stops it and names where the page's main thread spent its samples, by function (self time):
 * the app's sync work (reading the outbox, encoding, parsing, Dexie) against idle and GC. Sample
 * shares, unlike durations, hold on a loaded machine.
 */
export async function pageProfileTable(cdp: CDPSession, rows: number): Promise<string> {
  const { profile } = (await cdp.send("Profiler.stop")) as unknown as { profile: Profile };
  const names = new Map(
    profile.nodes.map((node) => {
      const { functionName, url, lineNumber, columnNumber } = node.callFrame;
      const file = url.split("/").at(-1) ?? "";
      // The build is minified: the place in its file finds the function.
      const at = url === "" ? "" : ` ${file}:${lineNumber + 1}:${columnNumber + 1}`;
      return [node.id, `${functionName || "(anonymous)"}${at}`] as const;
    }),
  );
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const name = names.get(id) ?? "?";
    self.set(name, (self.get(name) ?? 0) + ms);
    total += ms;
  });
  const idle = self.get("(idle)") ?? 0;
  return [
    `page main thread: ${(total / 1000).toFixed(2)} s profiled, ${((total - idle) / 1000).toFixed(2)} s not idle`,
    "| function (self) | ms | share of busy |",
    "| --- | ---: | ---: |",
    ...[...self.entries()]
      .filter(([name]) => name !== "(idle)")
      .sort((a, b) => b[1] - a[1])
      .slice(0, rows)
      .map(
        ([name, ms]) =>
          `| ${name} | ${ms.toFixed(0)} | ${((100 * ms) / Math.max(1, total - idle)).toFixed(1)} % |`,
      ),
  ].join("\n");
}
