import type { StampRefusal } from "@stamp/core";
import type { CardRefusal } from "../cards/card-check";
import type { StampWhyNot } from "../cards/stamp-plan";
import type { Translator } from "../i18n/translate";
import type { StorageProblem } from "../storage/storage-failure";

/** Who reads the message: a customer gets kind words, staff get the reason. */
export type Audience = "customer" | "staff";

function minutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

function hours(ms: number): number {
  return Math.max(1, Math.ceil(ms / 3_600_000));
}

export function describeLimit(
  t: Translator["t"],
  refusal: StampRefusal,
  audience: Audience,
): string {
  const customer = audience === "customer";
  switch (refusal.code) {
    case "cooldown":
      return t(customer ? "refusal.cooldown.customer" : "refusal.cooldown.staff", {
        count: minutes(refusal.retryAfterMs),
      });
    case "scan-cap":
      return t("refusal.scanCap", { count: refusal.max });
    case "visit-cap":
      return t("refusal.visitCap", { count: refusal.max });
    case "daily-cap":
      return t(customer ? "refusal.dailyCap.customer" : "refusal.dailyCap.staff", {
        count: hours(refusal.retryAfterMs),
        max: refusal.max,
      });
    case "card-blocked":
      return t("refusal.blocked");
    default: {
      const unreachable: never = refusal;
      return unreachable;
    }
  }
}

export function describeWhyNot(
  t: Translator["t"],
  why: StampWhyNot,
  audience: Audience,
  money: (minor: number) => string,
): string {
  if (why.kind === "limit") return describeLimit(t, why.refusal, audience);
  switch (why.error.code) {
    case "amount-required":
      return t(
        audience === "customer" ? "earning.amountRequired.customer" : "earning.amountRequired",
      );
    case "invalid-amount":
      return t("earning.invalidAmount");
    case "currency-mismatch":
      return t("earning.currencyMismatch", { currency: why.error.expected });
    case "below-minimum":
      return t("earning.belowMinimum", { amount: money(why.error.unitAmount) });
    default: {
      const unreachable: never = why.error;
      return unreachable;
    }
  }
}

export function describeCardRefusal(t: Translator["t"], refusal: CardRefusal): string {
  switch (refusal.kind) {
    case "malformed":
      return t("code.malformed");
    case "unknown-key":
      return t("code.unknownKey");
    case "forged":
      return t("code.forged");
    case "foreign":
      return t("code.foreign");
    case "unknown-program":
      return t("code.unknownProgram");
    case "case-changed":
      return t("code.caseChanged");
    case "number-mistyped":
      return t("number.mistyped");
    case "number-incomplete":
      return t("number.incomplete");
    case "number-unknown":
      return t("number.unknown");
    case "number-offline":
      return t("number.offline");
    case "expired":
      return t("code.expired");
    case "no-rotating-key":
      return t("code.noRotatingKey");
    default: {
      const unreachable: never = refusal;
      return unreachable;
    }
  }
}

export function describeStorage(t: Translator["t"], problem: StorageProblem): string {
  switch (problem.kind) {
    case "quota":
      return t("storage.quota");
    case "connection-lost":
      return t("storage.connectionLost");
    case "upgraded-elsewhere":
      return t("storage.upgradedElsewhere");
    case "unknown":
      return t("storage.unknown", { detail: problem.detail });
    default: {
      const unreachable: never = problem;
      return unreachable;
    }
  }
}

/** Money in the program's currency, from integer minor units (one formatter with the server). */
export { formatMoney } from "@stamp/core";
