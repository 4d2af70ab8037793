import type { SpawnedServer } from "../test/spawn-server";

/**
 * Asks the probe loaded into a bench's server for its figures (SIGUSR2) and waits for the line it
 * writes to stderr, `<name> {…}`: the JSON after the name.
 */
export function probeLine<T>(server: SpawnedServer, name: string): Promise<T> {
  return new Promise((resolve) => {
    let text = "";
    const read = (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split("\n").find((l) => l.startsWith(`${name} `));
      if (line === undefined || !text.endsWith("\n")) return;
      server.child.stderr?.off("data", read);
      resolve(JSON.parse(line.slice(name.length + 1)));
    };
    server.child.stderr?.on("data", read);
    server.child.kill("SIGUSR2");
  });
}
