import * as v from "valibot";

/** Apple shows about this much of a lock-screen message; Google's message body is longer. */
export const MAX_CAMPAIGN_MESSAGE_LENGTH = 300;

/** A campaign's text per language of the programme, e.g. `{en: "…", de: "…"}`. */
export const CampaignMessageSchema = v.pipe(
  v.record(
    v.pipe(v.string(), v.regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, "must be a language like en")),
    v.pipe(
      v.string(),
      v.trim(),
      v.minLength(1, "must not be empty"),
      v.maxLength(MAX_CAMPAIGN_MESSAGE_LENGTH, `must be at most ${MAX_CAMPAIGN_MESSAGE_LENGTH} characters`),
    ),
  ),
  v.check((message) => Object.keys(message).length > 0, "must have a text in at least one language"),
);

export type CampaignMessage = Readonly<Record<string, string>>;

/** The text for `language`, else the programme's default language's, else any. */
export function messageIn(message: CampaignMessage, language: string, fallback: string): string {
  return message[language] ?? message[fallback] ?? Object.values(message)[0] ?? "";
}
