import { randomUUID } from "node:crypto";
import {
  type CardWalletAnswer,
  cardWalletPath,
  PASS_FETCH_OVERDUE_DAYS,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  parseCardWalletAnswer,
} from "@stamp/wire-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApnsFake } from "../../test/apns-fake";
import { apiKey, call, TestDevice } from "../../test/fixtures";
import { GoogleWalletFake } from "../../test/google-wallet-fake";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";
import { DEV_GOOGLE_ISSUER_ID } from "./wallet-config";

const PASS_TYPE = "pass.dev.stamp.loyalty";
const DAY_MS = 24 * 60 * 60 * 1000;

// What the server learns of a card's wallets and tells the till that scans it (issue 15 "At the
// till"): over real HTTP, with APNs (HTTP/2) and Google's REST API faked, on both databases.
describe.each(DATABASES)(
  "the till learns a card no longer updates on the phone (%s)",
  (database) => {
    let server: TestServer;
    let apns: ApnsFake;
    let google: GoogleWalletFake;
    let till: TestDevice;
    let key: string;
    let clock = Date.now();

    beforeAll(async () => {
      [apns, google] = await Promise.all([ApnsFake.start(), GoogleWalletFake.start()]);
      server = await startTestServer({
        database,
        now: () => clock,
        walletEnv: { ...apns.env, ...google.env, WALLET_PUSH_INTERVAL_MS: "25" },
      });
      key = await apiKey(server, server.seed);
      till = await TestDevice.pair(server);
    });
    afterAll(async () => {
      await server.close();
      await Promise.all([apns.close(), google.close()]);
    });

    async function enrolled(): Promise<{ cardId: string; code: string }> {
      const made = await call(server, "POST", "/api/v1/cards", {
        token: key,
        body: { programId: server.seed.programId },
      });
      expect(made.status, made.text).toBe(201);
      return made.json as { cardId: string; code: string };
    }

    const auth = async (cardId: string) => {
      const pass = await server.services.wallet.store.getPass(cardId);
      return { authorization: `ApplePass ${pass?.authToken}` };
    };
    const registration = (device: string, cardId: string) =>
      `${server.url}/wallet/v1/devices/${device}/registrations/${PASS_TYPE}/${cardId}`;

    async function register(device: string, cardId: string, pushToken: string): Promise<void> {
      const reply = await fetch(registration(device, cardId), {
        method: "POST",
        headers: { ...(await auth(cardId)), "content-type": "application/json" },
        body: JSON.stringify({ pushToken }),
      });
      expect(reply.status).toBeLessThan(300);
    }

    /** Stamps the card and waits until its pass update went out to every wallet. */
    async function stamp(code: string, cardId: string): Promise<void> {
      const stamped = await call(server, "POST", "/api/v1/stamps", {
        token: key,
        body: { card: code },
        headers: { "idempotency-key": randomUUID() },
      });
      expect(stamped.status, stamped.text).toBe(200);
      await pushed(cardId);
    }

    async function pushed(cardId: string): Promise<void> {
      for (let round = 0; round < 500; round++) {
        if ((await server.services.wallet.store.pushJob(cardId)) === null) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const job = await server.services.wallet.store.pushJob(cardId);
      throw new Error(`the pass update was not sent: ${job?.lastError}`);
    }

    async function asked(cardId: string): Promise<CardWalletAnswer | null> {
      const reply = await call(server, "GET", cardWalletPath(cardId), {
        token: till.token,
        headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      });
      expect(reply.status, reply.text).toBe(200);
      return parseCardWalletAnswer(reply.json);
    }
    const told = async (cardId: string) => {
      const answer = await asked(cardId);
      return answer?.updates === "lost" ? answer.reason : answer?.updates;
    };

    async function savedToGoogle(cardId: string): Promise<string> {
      const save = await fetch(`${server.url}/c/${cardId}/google-wallet`, { redirect: "manual" });
      expect(save.status).toBe(302);
      return `${DEV_GOOGLE_ISSUER_ID}.${cardId}`;
    }

    it("a pass deleted from Apple Wallet: the device unregisters, the till says so with the card page, adding it again clears it", async () => {
      const card = await enrolled();
      await register("phone-a", card.cardId, "a1".repeat(32));
      expect(await told(card.cardId)).toBe("ok");
      const removed = await fetch(registration("phone-a", card.cardId), {
        method: "DELETE",
        headers: await auth(card.cardId),
      });
      expect(removed.status).toBe(200);
      expect(await asked(card.cardId)).toEqual({
        cardId: card.cardId,
        updates: "lost",
        reason: "apple-removed",
        cardUrl: `${server.services.publicUrl}/c/${card.cardId}`,
      });
      await register("phone-b", card.cardId, "b1".repeat(32));
      expect(await told(card.cardId)).toBe("ok");
    });

    it(`a phone that has not fetched a changed pass for ${PASS_FETCH_OVERDUE_DAYS} days no longer updates; a fetch clears it`, async () => {
      const card = await enrolled();
      const token = "c1".repeat(32);
      await register("phone-c", card.cardId, token);
      const before = apns.pushes.get(token) ?? 0;
      await stamp(card.code, card.cardId);
      expect(apns.pushes.get(token)).toBe(before + 1);
      // The phone may be off for a day or two: nothing to say yet.
      clock += 2 * DAY_MS;
      expect(await told(card.cardId)).toBe("ok");
      clock += (PASS_FETCH_OVERDUE_DAYS - 2) * DAY_MS;
      expect(await told(card.cardId)).toBe("not-fetched");
      // Re-added (or Wallet woke up): the phone fetches the pass, and it updates again.
      const fetched = await fetch(`${server.url}/wallet/v1/passes/${PASS_TYPE}/${card.cardId}`, {
        headers: await auth(card.cardId),
      });
      expect(fetched.status).toBe(200);
      const lastModified = fetched.headers.get("last-modified") ?? "";
      expect(await told(card.cardId)).toBe("ok");
      // Weeks without a change and without a fetch are no sign of anything; a 304 counts as a fetch.
      clock += 3 * PASS_FETCH_OVERDUE_DAYS * DAY_MS;
      expect(await told(card.cardId)).toBe("ok");
      const unchanged = await fetch(`${server.url}/wallet/v1/passes/${PASS_TYPE}/${card.cardId}`, {
        headers: { ...(await auth(card.cardId)), "if-modified-since": lastModified },
      });
      expect(unchanged.status).toBe(304);
      expect((await server.services.wallet.store.getPass(card.cardId))?.fetchedAt).toBe(clock);
      // A change the phone has not fetched yet is no alarm while it is fresh.
      await stamp(card.code, card.cardId);
      clock += DAY_MS / 2;
      expect(await told(card.cardId)).toBe("ok");
    });

    it("Google Wallet: the till says so when the user who saved the card removed it, or Google has no object; saving again clears it", async () => {
      const card = await enrolled();
      const objectId = await savedToGoogle(card.cardId);
      google.saved.add(objectId);
      await stamp(card.code, card.cardId);
      expect(await told(card.cardId)).toBe("ok");
      expect((await server.services.wallet.store.getPass(card.cardId))?.googleUsers).toBe(true);
      // Removed from the phone's Google Wallet: Google's answer to the next update says no one holds it.
      google.saved.delete(objectId);
      await stamp(card.code, card.cardId);
      expect(await told(card.cardId)).toBe("google-removed");
      // The customer scans the till's QR and saves the card again.
      await savedToGoogle(card.cardId);
      google.saved.add(objectId);
      expect(await told(card.cardId)).toBe("ok");
      await stamp(card.code, card.cardId);
      expect(await told(card.cardId)).toBe("ok");

      // Google has no such object any more (404): updates stop going there, and the till says so.
      google.objects.delete(objectId);
      await stamp(card.code, card.cardId);
      expect(await told(card.cardId)).toBe("google-removed");
      const patches = google.calls("PATCH", `/loyaltyObject/${objectId}`).length;
      await stamp(card.code, card.cardId);
      expect(google.calls("PATCH", `/loyaltyObject/${objectId}`)).toHaveLength(patches);
      await savedToGoogle(card.cardId);
      expect(google.objects.has(objectId)).toBe(true);
      expect(await told(card.cardId)).toBe("ok");
    });

    it("a card given up in one wallet but updating in another is fine; saved and never kept is nothing to re-add", async () => {
      const card = await enrolled();
      const objectId = await savedToGoogle(card.cardId);
      google.saved.add(objectId);
      await register("phone-d", card.cardId, "d1".repeat(32));
      await stamp(card.code, card.cardId);
      const removed = await fetch(registration("phone-d", card.cardId), {
        method: "DELETE",
        headers: await auth(card.cardId),
      });
      expect(removed.status).toBe(200);
      expect(await told(card.cardId)).toBe("ok");
      // A save link opened and the card never kept: Google says no one holds it, which is no loss.
      const other = await enrolled();
      await savedToGoogle(other.cardId);
      await stamp(other.code, other.cardId);
      expect((await server.services.wallet.store.getPass(other.cardId))?.googleUsers).toBe(false);
      expect(await told(other.cardId)).toBe("ok");
    });
  },
);
