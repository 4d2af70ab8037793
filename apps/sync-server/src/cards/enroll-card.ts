import { randomUUID } from "node:crypto";
import {
  CALENDAR_DATE,
  cardNumberFor,
  cardView,
  emptyCardState,
  NON_EMPTY_TEXT,
  PLAIN_OBJECT,
  type Program,
  signCardScanCode,
} from "@stamp/core";
import * as v from "valibot";
import { serverEvent } from "../events/server-event";
import { type Problem, problem } from "../http/api-error";
import { jsonStored, problemStored } from "../http/stored-response";
import type { Services } from "../services";
import { CardNumberTaken } from "../storage/card-numbers";
import type { Answer, IdempotencyKey } from "../storage/store";
import { admitEvent } from "../sync/admission";
import { cardLinks } from "../wallet/card-links";

/** A phone number as customers and staff give it: digits, spaces, dashes, brackets, a leading +. */
export const PHONE_NUMBER = /^\+?[0-9 ()-]{3,32}$/;

/**
 * Customer details stay in the server's card table: the event log carries no personal data. Names
 * are plain text and birthdays days that exist (stamp-core SPEC V6–V8).
 */
export const ProfileSchema = PLAIN_OBJECT({
  name: v.optional(NON_EMPTY_TEXT(100)),
  email: v.optional(v.pipe(NON_EMPTY_TEXT(254), v.email("must be an e-mail address"))),
  phone: v.optional(v.pipe(NON_EMPTY_TEXT(32), v.regex(PHONE_NUMBER, "must be a phone number"))),
  birthday: v.optional(CALENDAR_DATE),
});

export type Profile = v.InferOutput<typeof ProfileSchema>;

function profileOf(profile: Profile | undefined): Record<string, string> | null {
  const entries = Object.entries(profile ?? {}).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return entries.length > 0 ? Object.fromEntries(entries) : null;
}

function withConsent(
  profile: Record<string, string> | null,
  request: EnrollRequest,
): Record<string, string> | null {
  if (profile === null || request.consentedAt === undefined) return profile;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    ...profile,
    consentedAt: iso(request.consentedAt),
    ...(request.emailOptIn && profile.email !== undefined
      ? { emailOptInAt: iso(request.consentedAt), locale: request.emailOptIn.locale }
      : {}),
  };
}

export type EnrollSource = "api" | "pos" | "join-page" | "staff";

export interface EnrollRequest {
  readonly merchantId: string;
  readonly programId: string;
  readonly profile?: Profile | undefined;
  readonly source: EnrollSource;
  /** When the customer agreed to the profile being kept (the join page's consent box). */
  readonly consentedAt?: number;
  /** The join page's news box, ticked: e-mail may be sent, in this language. */
  readonly emailOptIn?: { readonly locale: string } | undefined;
}

/**
 * Creates a card: its number, its signed code (stamp-core SPEC K7), its row and its `card.enrolled`
 * event, in one transaction. The answer's `links` lead to the web card, the Apple pass and the Google save link.
 */
export async function enrollCard(
  services: Services,
  request: EnrollRequest,
  idempotency?: IdempotencyKey,
): Promise<Answer | Problem> {
  const { merchantId, programId } = request;
  const record = await services.store.getProgram(merchantId, programId);
  if (!record) return problem("program-not-found", `program ${programId} is not one of yours`);
  for (let attempt = 1; ; attempt++) {
    try {
      return await createNumberedCard(services, request, record.program, idempotency);
    } catch (error) {
      // Another card of the merchant has this card id's number (N2): a new id gives a new number.
      if (!(error instanceof CardNumberTaken) || attempt === MAX_NUMBER_ATTEMPTS) throw error;
    }
  }
}

/** Far more than ever needed: with a million cards a new id's number is taken one time in 90. */
const MAX_NUMBER_ATTEMPTS = 20;

async function createNumberedCard(
  services: Services,
  request: EnrollRequest,
  program: Program,
  idempotency: IdempotencyKey | undefined,
): Promise<Answer> {
  const { merchantId, programId } = request;
  const cardId = randomUUID();
  const number = cardNumberFor(cardId);
  const keys = await services.cardKeys.forMerchant(merchantId);
  const code = await signCardScanCode(
    { cardId, programId, merchantId },
    keys.signer,
    globalThis.crypto.subtle,
  );
  const now = services.now();
  const enrolled = await serverEvent(services, merchantId, "card.enrolled", {
    programId,
    cardId,
    source: request.source,
  });
  return services.store.createCard(
    {
      id: cardId,
      merchantId,
      programId,
      code,
      number,
      profile: withConsent(profileOf(request.profile), request),
      createdAt: now,
      state: emptyCardState(program, cardId),
    },
    { merchantId, events: [enrolled], admit: admitEvent, now },
    (outcome) =>
      outcome.status === "accepted"
        ? jsonStored(201, {
            cardId,
            number,
            code,
            state: cardView(outcome.state, now),
            links: cardLinks(services.publicUrl, cardId),
          })
        : problemStored(
            outcome.status === "rejected"
              ? outcome.rejection
              : problem("id-conflict", "the enrolment event was already stored"),
          ),
    idempotency,
  );
}
