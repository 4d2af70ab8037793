import { NON_EMPTY_TEXT } from "@stamp/core";
import * as v from "valibot";

/** Apple shows about this much of a lock-screen message; Google's message body is longer. */
export const MAX_CAMPAIGN_MESSAGE_LENGTH = 300;

/** A campaign's text per language of the programme, e.g. `{en: "…", de: "…"}`. */
export const CampaignMessageSchema = v.pipe(
  v.record(
    v.pipe(v.string(), v.regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, "must be a language like en")),
    NON_EMPTY_TEXT(MAX_CAMPAIGN_MESSAGE_LENGTH),
  ),
  v.check((message) => Object.keys(message).length > 0, "needs a text in at least one language"),
);

export type CampaignMessage = Readonly<Record<string, string>>;
