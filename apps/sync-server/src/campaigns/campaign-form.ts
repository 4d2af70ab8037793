import { createHash } from "node:crypto";
import * as v from "valibot";
import type { FormFields } from "../admin/program-form";
import type { MessageKey } from "../i18n/en";
import { AUDIENCE_KINDS, type Audience } from "./audience";
import { MAX_CAMPAIGN_MESSAGE_LENGTH } from "./campaign-message";
import { CampaignRequest } from "./create-campaign";

/** The rules a merchant ticks on the admin form; none ticked is everyone. */
export const FORM_RULES = AUDIENCE_KINDS.filter((kind) => kind !== "everyone");
export type FormRule = (typeof FORM_RULES)[number];

/** What the admin campaign form holds, as typed (shown again with the errors). */
export interface CampaignDraft {
  readonly name: string;
  readonly message: Readonly<Record<string, string>>;
  readonly rules: readonly FormRule[];
  readonly activeDays: string;
  readonly lapsedDays: string;
  readonly stampsLeft: string;
  readonly when: "now" | "later";
  /** `YYYY-MM-DDTHH:MM`, UTC (a datetime-local field). */
  readonly sendAt: string;
  /** Also as an e-mail to customers who agreed to news by e-mail. */
  readonly email: boolean;
}

export const EMPTY_DRAFT: CampaignDraft = {
  name: "",
  message: {},
  rules: [],
  activeDays: "30",
  lapsedDays: "60",
  stampsLeft: "2",
  when: "now",
  sendAt: "",
  email: false,
};

/** A field of the form and what is wrong with it, in the catalogue's words. */
export type DraftErrors = Readonly<Partial<Record<string, { key: MessageKey; max?: number }>>>;

export type ReadDraft =
  | { readonly ok: true; readonly draft: CampaignDraft; readonly request: CampaignRequest }
  | { readonly ok: false; readonly draft: CampaignDraft; readonly errors: DraftErrors };

const text = (fields: FormFields, name: string) => {
  const value = fields[name];
  return typeof value === "string" ? value.trim() : "";
};

/** The form's fields as typed, for the program's languages. */
export function draftOf(fields: FormFields, locales: readonly string[]): CampaignDraft {
  const ticked = ([] as unknown[]).concat(fields.rule ?? []);
  return {
    name: text(fields, "name"),
    message: Object.fromEntries(locales.map((l) => [l, text(fields, `message.${l}`)])),
    rules: FORM_RULES.filter((rule) => ticked.includes(rule)),
    activeDays: text(fields, "activeDays"),
    lapsedDays: text(fields, "lapsedDays"),
    stampsLeft: text(fields, "stampsLeft"),
    when: text(fields, "when") === "later" ? "later" : "now",
    sendAt: text(fields, "sendAt"),
    email: text(fields, "email") === "on",
  };
}

const whole = (value: string) => (/^\d{1,6}$/.test(value) ? Number(value) : Number.NaN);

function audienceOf(draft: CampaignDraft): Audience {
  const rules = draft.rules.map((rule) => {
    switch (rule) {
      case "active":
        return { kind: rule, days: whole(draft.activeDays) };
      case "lapsed":
        return { kind: rule, days: whole(draft.lapsedDays) };
      case "close-to-reward":
        return { kind: rule, stampsLeft: whole(draft.stampsLeft) };
      case "unused-voucher":
      case "birthday-month":
        return { kind: rule };
      default: {
        const unreachable: never = rule;
        throw new Error(`unknown rule ${unreachable}`);
      }
    }
  });
  if (rules.length === 0) return { kind: "everyone" };
  if (rules.length === 1) return rules[0] as Audience;
  return { kind: "all-of", rules } as Audience;
}

/** Where an issue of the API's schema points on the form, and how to say it. */
function errorOf(path: readonly string[], draft: CampaignDraft) {
  const [top, second, third] = path;
  if (top === "name") return ["name", { key: "campaigns.error.name" as const }] as const;
  if (top === "message")
    return [
      `message.${second}`,
      { key: "campaigns.error.message" as const, max: MAX_CAMPAIGN_MESSAGE_LENGTH },
    ] as const;
  if (top === "sendAt") return ["sendAt", { key: "campaigns.error.sendAt" as const }] as const;
  // An audience number: `audience.days`, or `audience.rules.<i>.days` in a combination.
  const rule =
    top === "audience" && second === "rules" ? draft.rules[Number(third)] : draft.rules[0];
  if (rule === "active") return ["activeDays", { key: "campaigns.error.days" as const }] as const;
  if (rule === "lapsed") return ["lapsedDays", { key: "campaigns.error.days" as const }] as const;
  return ["stampsLeft", { key: "campaigns.error.stampsLeft" as const }] as const;
}

/**
 * The form as the API's request, checked by the API's own schema (one validation for both); a
 * scheduled time must lie ahead of `now`. Its errors are keyed by form field.
 */
export function readDraft(
  fields: FormFields,
  programId: string,
  locales: readonly string[],
  now: number,
): ReadDraft {
  const draft = draftOf(fields, locales);
  const errors: Record<string, { key: MessageKey; max?: number }> = {};
  const message = Object.fromEntries(Object.entries(draft.message).filter(([, t]) => t !== ""));
  const first = locales[0] as string;
  if (message[first] === undefined) errors[`message.${first}`] = { key: "campaigns.error.first" };
  let sendAt: string | undefined;
  if (draft.when === "later") {
    const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(draft.sendAt)
      ? Date.parse(`${draft.sendAt}:00.000Z`)
      : Number.NaN;
    if (Number.isNaN(at)) errors.sendAt = { key: "campaigns.error.sendAt" };
    else if (at <= now) errors.sendAt = { key: "campaigns.error.past" };
    else sendAt = new Date(at).toISOString();
  }
  const parsed = v.safeParse(CampaignRequest, {
    programId,
    name: draft.name,
    message,
    audience: audienceOf(draft),
    ...(sendAt === undefined ? {} : { sendAt }),
    ...(draft.email ? { email: true } : {}),
  });
  if (!parsed.success)
    for (const issue of parsed.issues) {
      const path = (issue.path ?? []).map((item) => String(item.key));
      const [field, error] = errorOf(path, draft);
      errors[field] ??= error;
    }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, draft, errors };
  return { ok: true, draft, request: parsed.output };
}

/** A fingerprint of a request: a send is taken only for the campaign the merchant previewed. */
export function requestFingerprint(request: CampaignRequest): string {
  return createHash("sha256").update(JSON.stringify(request)).digest("base64url").slice(0, 22);
}
