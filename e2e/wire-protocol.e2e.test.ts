import { formatHlc, hlcMillis, nodeIdForDevice, type StampEvent } from "@stamp/core";
import {
  ErrorAnswerSchema,
  MAX_PULL_WAIT_SECONDS,
  offeredWait,
  PROTOCOL_HEADER,
  PROTOCOL_TOO_OLD,
  PROTOCOL_VERSION,
} from "@stamp/wire-protocol";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DeviceApi, deviceApi } from "../apps/kiosk/src/api/device-api";
import { type FetchLike, TILL_PROTOCOL } from "../apps/kiosk/src/api/http";
import { foldRecord } from "../apps/kiosk/src/cards/card-record";
import { parsePairAnswer, parseServerConfig } from "../apps/kiosk/src/device/device-config";
import { fetchCard } from "../apps/kiosk/src/sync/card-fetch";
import { classifySyncResult, type SyncStep } from "../apps/kiosk/src/sync/sync-protocol";
import { type Merchant, StampServer } from "./support/stamp-server";
import { tillStamps } from "./support/till-stamps";

/**
 * The kiosk's own request and parsing code (deviceApi → requestJson → the wire-protocol schemas)
 * against a real `stampd serve` over HTTP: every answer the kiosk reads here was made by the
 * server, never written by hand, so a server change the kiosk cannot read fails here. One till
 * is paired up front; the second pairing code is first tried by a too-old kiosk (refused, not
 * used up) and then pairs the till that pulls. Each `stampd` command costs seconds: few of them.
 */
describe("the kiosk reads the real server's answers", () => {
  let server: StampServer;
  let merchant: Merchant;
  let api: DeviceApi;
  let card: string;
  let longCard: string;
  let till: Awaited<ReturnType<typeof pairTill>>;
  let thirdTill: Awaited<ReturnType<typeof pairTill>>;
  let secondCode: string;

  beforeAll(async () => {
    server = await StampServer.start();
    merchant = await server.createMerchant("Wire Café");
    api = deviceApi((input, init) => fetch(input, init), server.url);
    const key = await server.apiKey(merchant.merchantId);
    const [created, long, firstCode, laterCode, thirdCode] = await Promise.all([
      server.createCard(key, merchant.programId),
      server.createCard(key, merchant.programId),
      server.pairingCode(merchant.locationId),
      server.pairingCode(merchant.locationId),
      server.pairingCode(merchant.locationId),
    ]);
    card = created.cardId;
    longCard = long.cardId;
    secondCode = laterCode;
    till = await pairTill(firstCode, "Front till");
    thirdTill = await pairTill(thirdCode, "Side till");
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** Pairs a till the way PairingScreen does and returns what it keeps. */
  async function pairTill(code: string, name: string) {
    const answer = await api.pair(code, name, "staff");
    expect(answer.kind).toBe("ok");
    if (answer.kind !== "ok") throw new Error(answer.kind);
    const parsed = parsePairAnswer(answer.body);
    if (!parsed.ok) throw new Error(parsed.problem);
    return parsed.config;
  }

  const answerOf = (step: SyncStep) => {
    if (step.kind !== "answer") throw new Error(`expected an answer, got ${JSON.stringify(step)}`);
    return step.answer;
  };

  it("pairs, reads its config and syncs: accepted, duplicate and refused", async () => {
    expect(till.merchant.id).toBe(merchant.merchantId);
    expect(till.programs.map((p) => p.id)).toEqual([merchant.programId]);
    expect(till.joinLinks?.[merchant.programId]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/join\//);
    expect(till.staffPin.iterations).toBeGreaterThan(0);
    expect(till.jwks.keys.length).toBeGreaterThan(0);

    const me = await api.me(till.token);
    expect(me.kind).toBe("ok");
    if (me.kind !== "ok") return;
    const config = parseServerConfig(me.body);
    expect(config).toMatchObject({ ok: true, config: { deviceId: till.deviceId } });

    const stamp = tillStamps(till.deviceId, merchant);
    const first = stamp(card);
    const sync = async (events: readonly StampEvent[], cursor: string | null = null) =>
      classifySyncResult(
        await api.sync(till.token, { cursor, events, deviceTime: new Date().toISOString() }),
        new Set(events.map((e) => e.id)),
      );
    const pushed = answerOf(await sync([first]));
    expect(pushed.accepted).toEqual([first.id]);
    expect(pushed.cursor).toMatch(/^p\d+/);
    // The server offers held pulls; one with nothing new ends at its time and reads as any answer.
    expect(offeredWait(pushed.maxWait)).toBe(MAX_PULL_WAIT_SECONDS);
    const held = answerOf(
      classifySyncResult(
        await api.sync(till.token, { cursor: pushed.cursor, events: [], wait: 1 }),
      ),
    );
    expect(held).toMatchObject({ events: [], more: false, maxWait: MAX_PULL_WAIT_SECONDS });

    // Sent again (a lost answer): the server keeps it once and says so.
    const again = answerOf(await sync([first], pushed.cursor));
    expect(again.duplicates).toEqual([first.id]);

    // An event of another merchant is refused with a code the kiosk reads, batch position kept.
    const foreign = { ...stamp(card), merchantId: "99999999-9999-4999-8999-999999999999" };
    const refused = answerOf(await sync([foreign], again.cursor));
    expect(refused.rejected).toMatchObject([{ id: foreign.id, index: 0 }]);
    expect(refused.rejected[0]?.code).toMatch(/^[a-z-]+$/);
  });

  it("tells a kiosk older than the server to update, stores nothing, and lets the event in after", async () => {
    const event = tillStamps(till.deviceId, merchant)(card);
    const request = { cursor: null, events: [event], deviceTime: new Date().toISOString() };

    // The raw answer: 426 with {error: {code: "protocol-too-old", message}} and the server's version.
    const raw = await fetch(`${server.url}/api/v1/sync`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${till.token}`,
        "Content-Type": "application/json",
        [PROTOCOL_HEADER]: "0",
      },
      body: JSON.stringify(request),
    });
    expect(raw.status).toBe(426);
    expect(raw.headers.get(PROTOCOL_HEADER)).toBe(String(PROTOCOL_VERSION));
    const body = v.parse(ErrorAnswerSchema, await raw.json());
    expect(body.error.code).toBe(PROTOCOL_TOO_OLD);
    expect(body.error.message).toMatch(/update the app/);

    // What the kiosk makes of it: stop and show "Update the app", not retry.
    const olderKiosk: FetchLike = (input, init) =>
      fetch(input, { ...init, headers: { ...init.headers, [PROTOCOL_HEADER]: "0" } });
    const old = deviceApi(olderKiosk, server.url);
    expect(classifySyncResult(await old.sync(till.token, request))).toMatchObject({
      kind: "outdated",
      side: "app-too-old",
    });
    expect(await old.me(till.token)).toMatchObject({ kind: "outdated", side: "app-too-old" });
    expect(await old.pair(secondCode, "Too old", "staff")).toMatchObject({ kind: "outdated" });

    // Nothing of the refused request was kept: the same event, sent by an updated kiosk, is new.
    const updated = answerOf(classifySyncResult(await api.sync(till.token, request)));
    expect(updated.accepted).toEqual([event.id]);

    // The code the too-old kiosk tried was not used up either: it pairs a till that pulls the
    // first till's events, each parsed as a whole event.
    const other = await pairTill(secondCode, "Back till");
    const pulled = answerOf(
      classifySyncResult(
        await api.sync(other.token, {
          cursor: null,
          events: [],
          deviceTime: new Date().toISOString(),
        }),
      ),
    );
    // Protocol 5: the card joined the back till's location in this page, so it comes as compact
    // state, its events in the tail, and none of them on their own (stamp-core SPEC CS4).
    expect(TILL_PROTOCOL).toBe(PROTOCOL_VERSION);
    expect(pulled.events.map((e) => e.cardId)).not.toContain(card);
    const joined = pulled.cards.find((c) => c.cardId === card);
    expect(joined?.tail.map((e) => e.id)).toContain(event.id);
    expect(joined?.tail.every((e) => e.merchantId === merchant.merchantId)).toBe(true);
    expect(pulled.more).toBe(false);
  });

  it("protocol 5: a late event comes as the card's snapshot and tail, and the card fetch answers the same", async () => {
    const sync = async (token: string, cursor: string | null, events: readonly StampEvent[]) =>
      answerOf(
        classifySyncResult(
          await api.sync(token, { cursor, events, deviceTime: new Date().toISOString() }),
          new Set(events.map((e) => e.id)),
        ),
      );
    const start = await sync(thirdTill.token, null, []);
    const stamp = tillStamps(till.deviceId, merchant);
    const made = Array.from({ length: 12 }, () => stamp(longCard));
    expect((await sync(till.token, null, made)).accepted).toHaveLength(12);
    const caught = await sync(thirdTill.token, start.cursor, []);
    expect(caught.cards.map((c) => c.cardId)).toContain(longCard);
    // Made on a clock behind the card's first stamp: late when the server stores it.
    const first = made[0] as StampEvent;
    const late = {
      ...stamp(longCard),
      hlc: formatHlc({
        millis: hlcMillis(first.hlc) - 1,
        counter: 0,
        node: nodeIdForDevice(till.deviceId),
      }),
    };
    expect((await sync(till.token, null, [late])).accepted).toEqual([late.id]);
    const after = await sync(thirdTill.token, caught.cursor, []);
    expect(after.events.map((e) => e.id)).not.toContain(late.id);
    const compact = after.cards.find((c) => c.cardId === longCard);
    expect(compact?.snapshot).not.toBeNull();
    expect(compact?.tail.length).toBeGreaterThan(0);

    // The card fetch, through the kiosk's own fetch code: the same card, read no earlier.
    const kept: NonNullable<typeof compact>[] = [];
    const fetched = await fetchCard(
      {
        holds: async () => true,
        get: (cardId) => api.cardEvents(thirdTill.token, cardId),
        keep: async (c) => {
          kept.push(c);
          return "kept";
        },
        merge: async () => {
          throw new Error("a protocol-5 server sends compact cards");
        },
      },
      longCard,
    );
    expect(fetched).toBe("fetched");
    expect(kept[0]?.at).toBeGreaterThanOrEqual(compact?.at ?? Infinity);
    // Folded by the kiosk from snapshot + tail: every stamp once (12 + the late one).
    const program = thirdTill.programs[0];
    for (const c of [compact, kept[0]]) {
      if (!c) throw new Error("no compact card");
      const fold = foldRecord(() => program, {
        cardId: longCard,
        snapshot: { at: c.at, snapshot: c.snapshot },
        held: c.tail.map((event) => ({ event, arrival: { kind: "stored", by: c.at } })),
      });
      expect(fold).toMatchObject({ doubtful: false, state: { lifetimeStamps: 13 } });
    }
  });
});
