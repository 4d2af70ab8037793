import { describe, expect, it } from "vitest";
import { call, startPosTestServer, TestDevice } from "../../test/fixtures";

const { server } = await startPosTestServer();

describe("a till's config", () => {
  it("carries each program's join link, for the kiosk's join QR", async () => {
    const till = await TestDevice.pair(server);
    const me = await call(server, "GET", "/api/v1/devices/me", { token: till.token });
    expect(me.status).toBe(200);
    const record = await server.services.store.getProgram(
      server.seed.merchantId,
      server.seed.programId,
    );
    expect(me.json.joinLinks).toEqual({
      [server.seed.programId]: `${server.services.publicUrl}/join/${record?.slug}`,
    });
  });
});
