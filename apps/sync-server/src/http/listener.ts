import type { Server } from "node:net";
import { ConfigError } from "../config";

/**
 * Waits for a listener; a port in use is the operator's to fix, said plainly. `otherwise`: what
 * else the setting may say (HTTPS_PORT may be `off`).
 */
export async function listening<T extends Server>(
  server: T,
  variable: string,
  port: number,
  otherwise = "",
): Promise<T> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
    return server;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE")
      throw new ConfigError(
        `${variable} ${port} is used by another program: stop it, or set ${variable} to a free port${otherwise}`,
      );
    throw error;
  }
}

/** How often a closing server looks for connections that have become idle. */
const IDLE_SWEEP_MS = 25;

/**
 * Stops listening and waits for it. Answers under way get `graceMs` to be written (held pulls the
 * server has just ended, say); connections are closed as soon as they are idle, since a keep-alive
 * connection would hold close() open, and whatever is left after the grace is cut.
 */
export function closeServer(
  server: Server & { closeAllConnections(): void; closeIdleConnections(): void },
  graceMs = 0,
): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
