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

/** Stops listening and waits for it; idle keep-alive connections would hold close() open. */
export function closeServer(server: Server & { closeAllConnections(): void }): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
