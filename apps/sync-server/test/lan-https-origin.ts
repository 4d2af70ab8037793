import { Agent, fetch as undiciFetch } from "undici";
import type { RunningServer } from "../src/server";
import type { Origin } from "./fixtures";

/**
 * The server as a tablet on the shop's network reaches it: its own HTTPS port, trusting the local
 * CA the way a device that installed it does. `close()` drops the connections this origin opened.
 */
export function lanHttpsOrigin(server: RunningServer): Origin & { close(): Promise<void> } {
  const lan = server.lan;
  if (!lan) throw new Error("the server runs no LAN HTTPS (HTTPS_PORT off or an https PUBLIC_URL)");
  const dispatcher = new Agent({ connect: { ca: lan.ca.certPem } });
  return {
    url: `https://127.0.0.1:${lan.port}`,
    fetch: ((input: string, init?: RequestInit) =>
      undiciFetch(input, { ...(init as object), dispatcher })) as unknown as typeof fetch,
    close: () => dispatcher.close(),
  };
}
