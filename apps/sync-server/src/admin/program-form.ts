import {
  CHANNELS,
  DEFAULT_MAX_STAMPS_PER_SCAN,
  type Program,
  parseProgram,
  type WalletOptions,
} from "@stamp/core";
import { currencyDigits } from "../i18n/translate";

/** An HTML form's fields, as Hono parses them (`limits.channels` may repeat). */
export type FormFields = Readonly<Record<string, string | File | (string | File)[]>>;

/** Empty prize rows shown under the filled ones, so a lottery can grow without script. */
export const SPARE_PRIZE_ROWS = 3;
const MAX_PRIZE_ROWS = 20;

function text(form: FormFields, name: string): string {
  const value = form[name];
  return typeof value === "string" ? value.trim() : "";
}

function texts(form: FormFields, name: string): string[] {
  const value = form[name] ?? form[`${name}[]`];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === "string");
}

/** A number where digits were typed; what else was typed goes through, for the schema to name. */
function number(form: FormFields, name: string): number | string | undefined {
  const value = text(form, name);
  if (value === "") return undefined;
  return /^-?\d{1,16}$/.test(value) ? Number(value) : value;
}

/** Drops absent keys, so a missing required field reads "is required". */
function defined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

function redemption(form: FormFields): unknown {
  const method = text(form, "reward.redemption.method");
  if (method !== "code") return { method };
  const codeKind = text(form, "reward.redemption.code.kind");
  return {
    method,
    format: text(form, "reward.redemption.format"),
    code:
      codeKind === "fixed"
        ? { kind: codeKind, value: text(form, "reward.redemption.code.value") }
        : { kind: codeKind },
  };
}

/** Stamp expiry and voucher reminders (SPEC P7): empty fields keep the defaults, and no key at all. */
function expiry(form: FormFields): { expiry?: Record<string, unknown> } {
  const fields = defined({
    stampsAfterDays: number(form, "expiry.stampsAfterDays"),
    reminderDays: number(form, "expiry.reminderDays"),
  });
  return Object.keys(fields).length === 0 ? {} : { expiry: fields };
}

function prizes(form: FormFields): unknown[] {
  const rows: unknown[] = [];
  for (let i = 0; i < MAX_PRIZE_ROWS + SPARE_PRIZE_ROWS; i++) {
    const row = {
      id: text(form, `reward.prizes.${i}.id`),
      title: text(form, `reward.prizes.${i}.title`),
      weight: number(form, `reward.prizes.${i}.weight`),
    };
    if (row.id === "" && row.title === "" && row.weight === undefined) continue;
    rows.push(defined(row));
  }
  return rows;
}

function reward(form: FormFields): unknown {
  const kind = text(form, "reward.kind");
  const title = text(form, "reward.title");
  switch (kind) {
    case "voucher":
      return defined({
        kind,
        title,
        redemption: redemption(form),
        validDays: number(form, "reward.validDays"),
      });
    case "lottery":
      return defined({
        kind,
        title,
        seed: text(form, "reward.seed"),
        prizes: prizes(form),
        redemption: redemption(form),
        validDays: number(form, "reward.validDays"),
      });
    default:
      return { kind, title };
  }
}

/** An amount typed in its currency ("5", "5.00", "5,5") in minor units; null if it does not read. */
export function amountInMinorUnits(typed: string, currency: string): number | null {
  const digits = currencyDigits(currency);
  const match = /^(\d{1,9})(?:[.,](\d*))?$/.exec(typed);
  const fraction = match?.[2] ?? "";
  if (!match || fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, "0") || 0);
}

/** The amount per stamp in minor units; what does not read goes through as text, for the schema to refuse. */
function minorUnits(typed: string, currency: string): number | string | undefined {
  if (typed === "") return undefined;
  return amountInMinorUnits(typed, currency) ?? typed;
}

/** Minor units as the editor shows them: 450 EUR → "4.50". */
export function majorUnits(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return digits === 0 ? String(minor) : (minor / 10 ** digits).toFixed(digits);
}

function earning(form: FormFields): unknown {
  const kind = text(form, "earning.kind");
  const currency = text(form, "earning.currency").toUpperCase();
  return kind === "by-amount"
    ? defined({
        kind,
        unitAmount: minorUnits(text(form, "earning.amount"), currency),
        currency,
      })
    : defined({ kind, stampsPerOrder: number(form, "earning.stampsPerOrder") });
}

/** The wallet card options (SPEC P5, P8): ticked boxes; a program with none ticked has no `wallet`. */
export const WALLET_OPTIONS = ["voucherBarcode", "rotatingBarcode"] as const;

function walletOptions(form: FormFields): { wallet?: WalletOptions } {
  const ticked = WALLET_OPTIONS.filter((option) => text(form, `wallet.${option}`) === "on");
  return ticked.length === 0
    ? {}
    : { wallet: Object.fromEntries(ticked.map((option) => [option, true])) };
}

/** The ticked languages, the chosen default first (ticked or not). */
function chosenLocales(form: FormFields): string[] {
  const ticked = texts(form, "locales").filter((l) => l !== "");
  const first = text(form, "locales.default");
  return first === "" ? ticked : [first, ...ticked.filter((l) => l !== first)];
}

/**
 * The form with what the server makes filled in: a lottery's seed when it has none yet, and an id
 * for every prize row that has a title or a chance but no id (merchants never type either).
 */
export function withServerMadeIds(
  form: FormFields,
  make: { seed(): string; prizeId(): string },
): FormFields {
  const filled: Record<string, FormFields[string]> = { ...form };
  if (text(form, "reward.kind") === "lottery" && text(form, "reward.seed") === "")
    filled["reward.seed"] = make.seed();
  for (let i = 0; i < MAX_PRIZE_ROWS + SPARE_PRIZE_ROWS; i++) {
    const used =
      text(form, `reward.prizes.${i}.title`) !== "" ||
      text(form, `reward.prizes.${i}.weight`) !== "";
    if (used && text(form, `reward.prizes.${i}.id`) === "")
      filled[`reward.prizes.${i}.id`] = make.prizeId();
  }
  return filled;
}

/** The program a submitted editor form describes, checked by stamp-core's schema. */
export function programFromForm(
  form: FormFields,
  identity: { id: string; merchantId: string; version: number },
): { ok: true; program: Program } | { ok: false; errors: ReadonlyMap<string, string> } {
  const draft = {
    ...identity,
    name: text(form, "name"),
    design: {
      background: text(form, "design.background"),
      foreground: text(form, "design.foreground"),
      accent: text(form, "design.accent"),
      stampIcon: text(form, "design.stampIcon"),
    },
    goal: number(form, "goal"),
    earning: earning(form),
    reward: reward(form),
    limits: defined({
      channels: texts(form, "limits.channels").filter((c) =>
        (CHANNELS as readonly string[]).includes(c),
      ),
      cooldownSeconds: number(form, "limits.cooldownSeconds") ?? 0,
      maxStampsPerVisit: number(form, "limits.maxStampsPerVisit"),
      maxStampsPerDay: number(form, "limits.maxStampsPerDay"),
    }),
    maxStampsPerScan: {
      staff: number(form, "maxStampsPerScan.staff") ?? DEFAULT_MAX_STAMPS_PER_SCAN.staff,
      unattended:
        number(form, "maxStampsPerScan.unattended") ?? DEFAULT_MAX_STAMPS_PER_SCAN.unattended,
    },
    locales: chosenLocales(form),
    ...walletOptions(form),
    ...expiry(form),
  };
  const parsed = parseProgram(defined(draft));
  if (parsed.ok) return { ok: true, program: parsed.value };
  const errors = new Map<string, string>();
  for (const issue of parsed.issues)
    if (!errors.has(issue.path)) errors.set(issue.path, issue.message);
  return { ok: false, errors };
}

/** The editor's field values for a stored program (the inverse of programFromForm). */
export function programFormValues(program: Program): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {
    name: program.name,
    goal: String(program.goal),
    locales: [...program.locales],
    "locales.default": program.locales[0] ?? "en",
    "design.background": program.design.background,
    "design.foreground": program.design.foreground,
    "design.accent": program.design.accent,
    "design.stampIcon": program.design.stampIcon,
    "earning.kind": program.earning.kind,
    "reward.kind": program.reward.kind,
    "reward.title": program.reward.title,
    "limits.channels": [...program.limits.channels],
    "limits.cooldownSeconds": String(program.limits.cooldownSeconds),
    "maxStampsPerScan.staff": String(
      (program.maxStampsPerScan ?? DEFAULT_MAX_STAMPS_PER_SCAN).staff,
    ),
    "maxStampsPerScan.unattended": String(
      (program.maxStampsPerScan ?? DEFAULT_MAX_STAMPS_PER_SCAN).unattended,
    ),
  };
  const { earning, reward, limits } = program;
  if (earning.kind === "per-order")
    values["earning.stampsPerOrder"] = String(earning.stampsPerOrder);
  else {
    values["earning.amount"] = majorUnits(earning.unitAmount, earning.currency);
    values["earning.currency"] = earning.currency;
  }
  for (const option of WALLET_OPTIONS)
    if (program.wallet?.[option]) values[`wallet.${option}`] = "on";
  if (program.expiry?.stampsAfterDays !== undefined)
    values["expiry.stampsAfterDays"] = String(program.expiry.stampsAfterDays);
  if (program.expiry?.reminderDays !== undefined)
    values["expiry.reminderDays"] = String(program.expiry.reminderDays);
  if (limits.maxStampsPerVisit !== undefined)
    values["limits.maxStampsPerVisit"] = String(limits.maxStampsPerVisit);
  if (limits.maxStampsPerDay !== undefined)
    values["limits.maxStampsPerDay"] = String(limits.maxStampsPerDay);
  if (reward.kind === "simple") return values;
  if (reward.validDays !== undefined) values["reward.validDays"] = String(reward.validDays);
  values["reward.redemption.method"] = reward.redemption.method;
  if (reward.redemption.method === "code") {
    values["reward.redemption.format"] = reward.redemption.format;
    values["reward.redemption.code.kind"] = reward.redemption.code.kind;
    if (reward.redemption.code.kind === "fixed")
      values["reward.redemption.code.value"] = reward.redemption.code.value;
  }
  if (reward.kind === "lottery") {
    values["reward.seed"] = reward.seed;
    reward.prizes.forEach((prize, i) => {
      values[`reward.prizes.${i}.id`] = prize.id;
      values[`reward.prizes.${i}.title`] = prize.title;
      values[`reward.prizes.${i}.weight`] = String(prize.weight);
    });
  }
  return values;
}
