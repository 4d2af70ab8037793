import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../config";
import { closeServer, listening } from "./listener";

describe("listening", () => {
  it("says which setting to change when its port is taken", async () => {
    const first = await listening(createServer().listen(0, "127.0.0.1"), "PORT", 0);
    const taken = (first.address() as { port: number }).port;
    const second = createServer().listen(taken, "127.0.0.1");
    const refusal = listening(second, "HTTPS_PORT", taken, " (or off)");
    await expect(refusal).rejects.toBeInstanceOf(ConfigError);
    await expect(refusal).rejects.toThrow(
      `HTTPS_PORT ${taken} is used by another program: stop it, or set HTTPS_PORT to a free port (or off)`,
    );
    await closeServer(
      Object.assign(first, { closeAllConnections: () => {}, closeIdleConnections: () => {} }),
    );
  });
});
