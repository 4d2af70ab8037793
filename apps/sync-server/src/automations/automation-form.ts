import * as v from "valibot";
import type { FormFields } from "../admin/program-form";
import { CampaignMessageSchema } from "../campaigns/campaign-message";
import type { MessageKey } from "../i18n/en";
import {
  AUTOMATION_SETTINGS,
  type AutomationKind,
  type AutomationRule,
  DEFAULT_SETTINGS,
  type Treat,
} from "./automation-rule";

type NumberSettings<S> = { [P in keyof S as S[P] extends number ? P : never]: MessageKey };

/** The numbers each kind's form asks for, with the words of their error. */
export const SETTING_FIELDS = {
  birthday: { daysBefore: "automations.error.daysBefore" },
  "win-back": { days: "automations.error.winBackDays" },
  "almost-there": {
    stampsLeft: "automations.error.stampsLeft",
    idleDays: "automations.error.idleDays",
  },
  "reward-waiting": { days: "automations.error.waitingDays" },
} as const satisfies {
  [K in AutomationKind]: NumberSettings<(typeof DEFAULT_SETTINGS)[K]>;
};

/** Kinds that may grant a voucher (and win-back a bonus stamp) with their message. */
export const TREAT_KINDS = ["birthday", "win-back"] as const satisfies readonly AutomationKind[];
export type TreatKind = (typeof TREAT_KINDS)[number];
export const BONUS_CHOICES = ["none", "stamp", "voucher"] as const;

function isTreatKind(kind: AutomationKind): kind is TreatKind {
  return (TREAT_KINDS as readonly AutomationKind[]).includes(kind);
}

/**
 * The treat fields of the form as settings: a birthday voucher when its text is written; a
 * win-back bonus as chosen. Empty validity reads as NaN, so the schema says what is wrong.
 */
function treatSettings(kind: TreatKind, draft: Readonly<Record<string, string>>) {
  const title = draft["treat.title"] ?? "";
  const days = draft["treat.validDays"] ?? "";
  const treat = { title, validDays: /^\d{1,5}$/.test(days) ? Number(days) : Number.NaN };
  if (kind === "birthday") return title === "" ? {} : { treat };
  switch (draft.bonus) {
    case "stamp":
      return { bonus: { kind: "stamp" } };
    case "voucher":
      return { bonus: { kind: "voucher", treat } };
    default:
      return {};
  }
}

/** The treat fields' draft of saved settings (or the defaults: no treat). */
function treatDraft(settings: object): Record<string, string> {
  const saved = settings as { treat?: Treat; bonus?: { kind: string; treat?: Treat } };
  const treat = saved.treat ?? saved.bonus?.treat;
  return {
    bonus: saved.bonus?.kind ?? "none",
    "treat.title": treat?.title ?? "",
    "treat.validDays": String(treat?.validDays ?? 30),
  };
}

/** An automation's form as typed. */
export interface AutomationDraft {
  readonly enabled: boolean;
  readonly message: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, string>>;
}

export type ReadAutomation =
  | {
      readonly ok: true;
      readonly rule: AutomationRule;
      readonly enabled: boolean;
      readonly message: Readonly<Record<string, string>>;
    }
  | {
      readonly ok: false;
      readonly draft: AutomationDraft;
      readonly errors: Readonly<Record<string, MessageKey>>;
    };

const text = (fields: FormFields, name: string) => {
  const value = fields[name];
  return typeof value === "string" ? value.trim() : "";
};

/**
 * An automation's form read with the API's message schema and the kind's settings schema: the
 * first language's text is required (phones in other languages show it).
 */
export function readAutomation(
  kind: AutomationKind,
  fields: FormFields,
  locales: readonly string[],
): ReadAutomation {
  const names = Object.keys(SETTING_FIELDS[kind]) as (keyof (typeof SETTING_FIELDS)[typeof kind])[];
  const treatNames = isTreatKind(kind) ? ["bonus", "treat.title", "treat.validDays"] : [];
  const draft: AutomationDraft = {
    enabled: text(fields, "enabled") === "on",
    message: Object.fromEntries(locales.map((l) => [l, text(fields, `message.${l}`)])),
    settings: Object.fromEntries(
      [...names, ...treatNames].map((name) => [name, text(fields, `settings.${name}`)]),
    ),
  };
  const errors: Record<string, MessageKey> = {};
  const message = Object.fromEntries(Object.entries(draft.message).filter(([, t]) => t !== ""));
  if (message[locales[0] as string] === undefined)
    errors[`message.${locales[0]}`] = "automations.error.first";
  const parsedMessage = v.safeParse(CampaignMessageSchema, message);
  if (!parsedMessage.success)
    for (const issue of parsedMessage.issues) {
      const language = String(issue.path?.[0]?.key ?? locales[0]);
      errors[`message.${language}`] ??= "automations.error.message";
    }
  const settings = {
    ...Object.fromEntries(
      names.map((name) => {
        const typed = draft.settings[name] ?? "";
        return [name, /^\d{1,5}$/.test(typed) ? Number(typed) : Number.NaN];
      }),
    ),
    ...(isTreatKind(kind) ? treatSettings(kind, draft.settings) : {}),
  };
  const parsed = v.safeParse(AUTOMATION_SETTINGS[kind], settings);
  if (!parsed.success)
    for (const issue of parsed.issues) {
      const path = (issue.path ?? []).map((step) => String(step.key));
      const field = path.at(-1) ?? "";
      if (field === "title") errors["settings.treat.title"] = "automations.error.treatTitle";
      else if (field === "validDays")
        errors["settings.treat.validDays"] = "automations.error.treatDays";
      else
        errors[`settings.${field}`] =
          (SETTING_FIELDS[kind] as Record<string, MessageKey>)[field] ??
          "automations.error.treatTitle";
    }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, draft, errors };
  return {
    ok: true,
    rule: { kind, settings: parsed.output } as AutomationRule,
    enabled: draft.enabled,
    message,
  };
}

/** The form of a saved automation, or of a new one with the kind's defaults. */
export function draftOfRule(
  kind: AutomationKind,
  saved: {
    rule: AutomationRule;
    enabled: boolean;
    message: Readonly<Record<string, string>>;
  } | null,
): AutomationDraft {
  const settings = saved?.rule.settings ?? DEFAULT_SETTINGS[kind];
  const numbers = Object.keys(SETTING_FIELDS[kind]) as (keyof typeof settings)[];
  return {
    enabled: saved?.enabled ?? false,
    message: saved?.message ?? {},
    settings: {
      ...Object.fromEntries(numbers.map((name) => [name, String(settings[name])])),
      ...(isTreatKind(kind) ? treatDraft(settings) : {}),
    },
  };
}
