import { randomUUID } from "node:crypto";
import { request } from "undici";
import { enrollCard } from "../src/cards/enroll-card";
import { createMerchant } from "../src/merchants/create-merchant";
import type { Services } from "../src/services";

/** The merchant a till bench stamps for: its ids, its locations (the first made with it), its cards. */
export interface BenchMerchant {
  readonly merchant: {
    readonly merchantId: string;
    readonly locationId: string;
    readonly programId: string;
  };
  readonly locations: readonly string[];
  readonly cards: readonly string[];
}

/** "Bench Cafe" with `locations` shops ("Shop 1", …, copies of its first) and `cards` enrolled. */
export async function seedBenchMerchant(
  services: Services,
  locations: number,
  cards: number,
): Promise<BenchMerchant> {
  const made = await createMerchant(services, "Bench Cafe");
  const merchant = {
    merchantId: made.merchantId,
    locationId: made.locationId,
    programId: made.programId,
  };
  const first = await services.store.getLocation(made.merchantId, made.locationId);
  if (!first) throw new Error("the merchant has no location");
  const shops = [made.locationId];
  for (let i = 1; i < locations; i++) {
    const id = randomUUID();
    await services.store.createLocation({ ...first, id, name: `Shop ${i}`, createdAt: Date.now() });
    shops.push(id);
  }
  const enrolled: string[] = [];
  for (let i = 0; i < cards; i++) {
    const answer = await enrollCard(services, { ...merchant, source: "api" });
    if (!("kind" in answer) || answer.kind !== "answer") throw new Error("enrolment failed");
    enrolled.push(JSON.parse(answer.response.body).cardId);
  }
  return { merchant, locations: shops, cards: enrolled };
}

/** Pairs a till over HTTP with a pairing code, as the kiosk does: its device id and token. */
export async function pairBenchTill(
  url: string,
  code: string,
): Promise<{ readonly deviceId: string; readonly token: string }> {
  const reply = await request(`${url}/api/v1/devices/pair`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code, name: "Bench till", mode: "staff" }),
  });
  const json = (await reply.body.json()) as Record<string, unknown>;
  if (reply.statusCode !== 201) throw new Error(`pairing: ${JSON.stringify(json)}`);
  return { deviceId: json.deviceId as string, token: json.token as string };
}
