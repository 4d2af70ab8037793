import { allVouchers, hlcMillis, msToIso, voucherStatusAt } from "@stamp/core";
import type { ExportStore } from "../storage/export-store";
import type { CardRecord } from "../storage/store";
import { type Cell, csvStream, EXPORT_PAGE } from "./csv-stream";

export const CUSTOMER_COLUMNS = [
  "cardId",
  "programId",
  "name",
  "email",
  "phone",
  "birthday",
  "consentedAt",
  "joinedAt",
  "stamps",
  "rewardsEarned",
  "rewardsReady",
  "lifetimeStamps",
  "lastVisitAt",
  "blocked",
] as const;

/** One customer's row: what the shop knows of them and where their card stands at `now`. */
export function customerRow(card: CardRecord, now: number): Cell[] {
  const profile = card.profile ?? {};
  const { state } = card;
  return [
    card.id,
    card.programId,
    profile.name,
    profile.email,
    profile.phone,
    profile.birthday,
    profile.consentedAt,
    msToIso(card.createdAt),
    state.stamps,
    state.cycles,
    allVouchers(state).filter((voucher) => voucherStatusAt(voucher, now) === "issued").length,
    state.lifetimeStamps,
    state.lastStampHlc ? msToIso(hlcMillis(state.lastStampHlc)) : null,
    state.blocked,
  ];
}

/** Every customer of the merchant as CSV, streamed card by card in id order. */
export function customersCsv(
  store: ExportStore,
  merchantId: string,
  now: number,
): ReadableStream<Uint8Array> {
  return csvStream(CUSTOMER_COLUMNS, "", async (after) => {
    const cards = await store.exportCards(merchantId, after || null, EXPORT_PAGE);
    return {
      rows: cards.map((card) => customerRow(card, now)),
      next: cards.length === EXPORT_PAGE ? (cards.at(-1)?.id ?? null) : null,
    };
  });
}
