import * as v from "valibot";
import type { FormFields } from "../admin/program-form";
import { CampaignMessageSchema } from "../campaigns/campaign-message";
import type { MessageKey } from "../i18n/en";
import {
  AUTOMATION_SETTINGS,
  type AutomationKind,
  type AutomationRule,
  DEFAULT_SETTINGS,
} from "./automation-rule";

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
  [K in AutomationKind]: Record<keyof (typeof DEFAULT_SETTINGS)[K], MessageKey>;
};

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
  const draft: AutomationDraft = {
    enabled: text(fields, "enabled") === "on",
    message: Object.fromEntries(locales.map((l) => [l, text(fields, `message.${l}`)])),
    settings: Object.fromEntries(names.map((name) => [name, text(fields, `settings.${name}`)])),
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
  const settings = Object.fromEntries(
    names.map((name) => {
      const typed = draft.settings[name] ?? "";
      return [name, /^\d{1,5}$/.test(typed) ? Number(typed) : Number.NaN];
    }),
  );
  const parsed = v.safeParse(AUTOMATION_SETTINGS[kind], settings);
  if (!parsed.success)
    for (const issue of parsed.issues) {
      const name = String(issue.path?.[0]?.key) as (typeof names)[number];
      errors[`settings.${name}`] = (SETTING_FIELDS[kind] as Record<string, MessageKey>)[
        name
      ] as MessageKey;
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
  return {
    enabled: saved?.enabled ?? false,
    message: saved?.message ?? {},
    settings: Object.fromEntries(Object.entries(settings).map(([k, n]) => [k, String(n)])),
  };
}
