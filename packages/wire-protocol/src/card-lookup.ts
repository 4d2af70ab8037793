import { UUID_ANY } from "@stamp/core";
import * as v from "valibot";

/**
 * What a till reads of `GET /api/v1/cards/:card` (a card typed by its number): the card's id and
 * the program its events name. The answer is the API's whole card view; a till needs no more.
 */
export const CardLookupAnswerSchema = v.looseObject({
  cardId: v.pipe(v.string(), v.regex(UUID_ANY)),
  programId: v.string(),
});

export type CardLookupAnswer = v.InferOutput<typeof CardLookupAnswerSchema>;

/** The card in the answer, or null when the answer is not one. */
export function parseCardLookupAnswer(body: unknown): { cardId: string; programId: string } | null {
  const parsed = v.safeParse(CardLookupAnswerSchema, body);
  return parsed.success
    ? { cardId: parsed.output.cardId, programId: parsed.output.programId }
    : null;
}
