import { MAX_PULL_WAIT_SECONDS } from "@stamp/wire-protocol";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiKey, enroll, TestDevice } from "../../test/fixtures";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";

/**
 * A till the merchant unpairs while its pull is held (the way a till moves to another location:
 * unpaired, then paired there): its held pull reads its device again and is refused, never answered
 * with a stamp made after the unpairing (SC7). Whatever protocol it speaks: from before sync scopes
 * (1, the merchant's whole log: its held pull was answered with that stamp), with scopes (3), with
 * granted vouchers (4, the kiosk's before compact cards) and with compact cards (5).
 */
describe.each(DATABASES)("a held till unpaired (%s)", (database) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ database });
  });
  afterAll(() => server.close());

  /** Sync requests the metrics counted as answered 401. */
  const refusedSyncs = async () => {
    const counted = await server.services.metrics.registry
      .getSingleMetric("stamp_http_requests_total")
      ?.get();
    const refused = counted?.values.find(
      ({ labels }) => labels.route === "/api/v1/sync" && labels.status === "401",
    );
    return refused?.value ?? 0;
  };

  it.each([1, 3, 4, 5])(
    "protocol %i: is refused as unpaired, not answered with the stamps that follow",
    async (protocol) => {
      const shop = server.seed;
      const key = await apiKey(server, shop);
      const till = await TestDevice.pair(server, shop, "kiosk", protocol);
      const stamper = await TestDevice.pair(server, shop);
      const { cardId } = await enroll(server, key, shop.programId);
      await till.pullAll();

      const refusedBefore = await refusedSyncs();
      const held = till.sync([], till.cursor, MAX_PULL_WAIT_SECONDS);
      await vi.waitFor(() => expect(server.services.pullWaits.waiting).toBe(1), {
        timeout: 20_000,
      });
      const { store } = server.services;
      expect(await store.revokeDevice(shop.merchantId, till.deviceId, Date.now())).toBe(true);
      const stamp = stamper.stamp(cardId);
      expect((await stamper.sync([stamp])).json.accepted).toEqual([stamp.id]);
      const reply = await held;
      expect(reply.json.error?.code, reply.text).toBe("device-revoked");
      // Answered apart from hono's handling (`answerHeld`), yet counted as answered: refused.
      expect(reply.status).toBe(401);
      expect(await refusedSyncs()).toBe(refusedBefore + 1);
    },
  );
});
