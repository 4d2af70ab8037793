import { randomUUID } from "node:crypto";
import {
  cardNumberFor,
  emptyCardState,
  type Program,
  parseEvent,
  type StampEvent,
} from "@stamp/core";
import { afterAll, beforeAll, expect } from "vitest";
import { DeviceEvents } from "../../../test/device-events";
import { defaultProgram } from "../../programs/default-program";
import { admitEvent } from "../../sync/admission";
import type { Storage } from "../storage";
import type {
  Admit,
  AppendOutcome,
  DeviceRecord,
  EventPage,
  NewCard,
  Store,
  StoredResponse,
} from "../store";

/**
 * An adapter under the contract: `fresh()` makes an empty, migrated database; each `open()` of it
 * is one more server process on that database.
 */
export interface StorageUnderTest {
  readonly name: string;
  fresh(): Promise<TestDatabase>;
}

export interface TestDatabase {
  open(): Promise<Storage>;
  /**
   * Runs statements written alike for both dialects straight on the database: what no store
   * method does, like an older database's state that a migration leaves (a rollup to rebuild).
   */
  sql(statements: readonly string[]): Promise<void>;
  drop(): Promise<void>;
}

/** The contract's shared database: two processes on it, made once per adapter. */
export interface ContractContext {
  /** The first process, and a second one on the same database. */
  readonly a: Storage;
  readonly b: Storage;
  /** See TestDatabase.sql. */
  sql(statements: readonly string[]): Promise<void>;
}

export function useDatabase(adapter: StorageUnderTest): ContractContext {
  const context = {} as { a: Storage; b: Storage; db: TestDatabase };
  beforeAll(async () => {
    context.db = await adapter.fresh();
    context.a = await context.db.open();
    context.b = await context.db.open();
  });
  afterAll(async () => {
    await context.a?.close();
    await context.b?.close();
    await context.db?.drop();
  });
  return {
    get a() {
      return context.a;
    },
    get b() {
      return context.b;
    },
    sql: (statements) => context.db.sql(statements),
  };
}

export interface TestMerchant {
  readonly merchantId: string;
  readonly locationId: string;
  readonly program: Program;
  readonly serverDevice: DeviceRecord;
}

/** A merchant as `createMerchant` makes one, straight through the store. */
export async function newMerchant(store: Store, name = "Contract Cafe"): Promise<TestMerchant> {
  const now = Date.now();
  const merchantId = randomUUID();
  const locationId = randomUUID();
  const program = defaultProgram(merchantId);
  const serverDevice = {
    id: randomUUID(),
    merchantId,
    locationId: null,
    kind: "server" as const,
    name: "Server",
    mode: null,
    createdAt: now,
  };
  await store.createMerchant({
    merchant: { id: merchantId, name, createdAt: now },
    location: {
      id: locationId,
      merchantId,
      name: "Main counter",
      staffPin: { salt: "c2FsdA", iterations: 1, hash: "aGFzaA" },
      createdAt: now,
      syncScope: "location",
    },
    program: { program, slug: `contract-${randomUUID()}`, createdAt: now, updatedAt: now },
    serverDevice,
  });
  return {
    merchantId,
    locationId,
    program,
    serverDevice: {
      ...serverDevice,
      revokedAt: null,
      lastSyncAt: null,
      lastSkewMs: null,
      drainedAt: null,
    },
  };
}

/** Makes a device's events the way a till does (UUIDv7 ids, its own HLC clock), validated. */
export class EventMaker {
  readonly #events: DeviceEvents;

  constructor(
    readonly merchant: TestMerchant,
    readonly deviceId: string = merchant.serverDevice.id,
  ) {
    this.#events = new DeviceEvents(deviceId, {
      merchantId: merchant.merchantId,
      programId: merchant.program.id,
    });
  }

  make(
    type: StampEvent["type"],
    cardId: string,
    fields: Record<string, unknown>,
    atMs = Date.now(),
  ): StampEvent {
    const parsed = parseEvent(this.#events.event(type, cardId, fields, atMs));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.value;
  }

  stamp(cardId: string, count = 1, atMs = Date.now()): StampEvent {
    return this.make("stamps.added", cardId, { count, channel: "staff" }, atMs);
  }
}

/** A till paired to one of the merchant's locations (its first by default), making its own events. */
export async function newTill(
  store: Store,
  merchant: TestMerchant,
  locationId = merchant.locationId,
): Promise<EventMaker> {
  const now = Date.now();
  const code = `T${randomUUID()}`;
  await store.createPairingCode({
    code,
    merchantId: merchant.merchantId,
    locationId,
    createdAt: now,
    expiresAt: now + 60_000,
  });
  const claim = await store.claimPairingCode(code, {
    id: randomUUID(),
    name: "Till",
    mode: "staff",
    createdAt: now,
  });
  if (!claim.ok) throw new Error(`pairing failed: ${claim.reason}`);
  return new EventMaker(merchant, claim.device.id);
}

const json = (outcome: AppendOutcome): StoredResponse => ({
  status: 201,
  body: JSON.stringify({ id: outcome.id, status: outcome.status }),
});

/** Every event the server's own rules would take. */
export const admitAll: Admit = () => null;

/** A card row of the merchant's program, numbered as the server numbers new cards (SPEC N2). */
export function cardRecord(merchant: TestMerchant, cardId: string, now: number): NewCard {
  return {
    id: cardId,
    merchantId: merchant.merchantId,
    programId: merchant.program.id,
    code: `code-${cardId}`,
    number: cardNumberFor(cardId),
    profile: null,
    createdAt: now,
    state: emptyCardState(merchant.program, cardId),
  };
}

/** Creates a card with its enrolment event; `number` overrides the one its id gives. */
export function createCard(store: Store, merchant: TestMerchant, cardId: string, number?: string) {
  const now = Date.now();
  const enrolled = new EventMaker(merchant).make("card.enrolled", cardId, { source: "api" }, now);
  return store.createCard(
    { ...cardRecord(merchant, cardId, now), ...(number && { number }) },
    { merchantId: merchant.merchantId, events: [enrolled], admit: admitEvent, now },
    json,
  );
}

/** A new card of the merchant's program, enrolled by its server device. */
export async function newCard(store: Store, merchant: TestMerchant): Promise<string> {
  const cardId = randomUUID();
  const answer = await createCard(store, merchant, cardId);
  if (answer.kind !== "answer" || answer.response.status !== 201)
    throw new Error(`card not created: ${JSON.stringify(answer)}`);
  return cardId;
}

/** Appends events of one merchant with the server's real admission rules. */
export function append(
  store: Store,
  merchant: TestMerchant,
  events: StampEvent[],
  now = Date.now(),
) {
  return store.appendEvents({ merchantId: merchant.merchantId, events, admit: admitEvent, now });
}

/** A second location of the merchant, as the admin makes one. */
export async function newLocation(store: Store, merchant: TestMerchant): Promise<string> {
  const id = randomUUID();
  await store.createLocation({
    id,
    merchantId: merchant.merchantId,
    name: `Shop ${id.slice(0, 4)}`,
    staffPin: { salt: "c2FsdA", iterations: 1, hash: "aGFzaA" },
    createdAt: Date.now(),
    syncScope: "location",
  });
  return id;
}

/** A card enrolled by a till (so it belongs to the till's location from its first event). */
export async function tillCard(
  store: Store,
  merchant: TestMerchant,
  till: EventMaker,
): Promise<string> {
  const cardId = randomUUID();
  const now = Date.now();
  const enrolled = till.make("card.enrolled", cardId, { source: "kiosk" }, now);
  await store.createCard(
    cardRecord(merchant, cardId, now),
    { merchantId: merchant.merchantId, events: [enrolled], admit: admitAll, now },
    json,
  );
  return cardId;
}

export { json as respondJson };

/** A region of the merchant holding `locations`. */
export async function newRegion(
  store: Store,
  merchant: TestMerchant,
  locations: readonly string[],
): Promise<string> {
  const id = randomUUID();
  const name = `Region ${id.slice(0, 8)}`;
  expect(
    await store.createRegion({ id, merchantId: merchant.merchantId, name, createdAt: 1 }),
  ).toBe(true);
  for (const location of locations)
    expect(await store.setLocationRegion(merchant.merchantId, location, id)).toBe(true);
  return id;
}

/**
 * A pull page's bodies, each row's id, card and HLC (read from the event's columns, so pulls need
 * not parse bodies) checked against its body.
 */
export function pageBodies(page: EventPage): string[] {
  return page.rows.map((row) => {
    const { id, cardId, hlc } = JSON.parse(row.body) as StampEvent;
    expect({ id: row.id, cardId: row.cardId, hlc: row.hlc }).toEqual({ id, cardId, hlc });
    return row.body;
  });
}
