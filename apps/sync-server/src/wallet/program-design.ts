import { formatMoney, type Program } from "@stamp/core";
import type {
  ArtworkStyle,
  BusinessContact,
  CardBackField,
  CardTexts,
  ProgramColors,
  ProgramDesign,
} from "@stamp/pass-builder";
import { isLocale, type Locale } from "../i18n/locales";
import { translator } from "../i18n/translate";
import type { BusinessDetails } from "../storage/store";
import type { PlacedLocation } from "../storage/wallet-store";
import type { WalletMessageKey } from "./messages/en";

/** Apple and Google read at most 10 locations. */
const MAX_LOCATIONS = 10;

/** The program's locales we have texts for, its first one leading; English when none is. */
export function passLocales(program: Program): Locale[] {
  const known = program.locales.filter(isLocale);
  return known.length > 0 ? known : ["en"];
}

function programColors(program: Program): ProgramColors {
  return {
    background: program.design.background,
    foreground: program.design.foreground,
    label: program.design.accent,
    stamp: program.design.accent,
  };
}

/** What the stamp strip and icon are drawn from (the web card and join page draw them too). */
export function artworkStyle(program: Program): ArtworkStyle {
  return {
    colors: programColors(program),
    stampIcon: program.design.stampIcon,
    stampGoal: program.goal,
  };
}

/** How a full card's reward is used, for the back of the pass. */
function redeemKey(reward: Program["reward"]): WalletMessageKey {
  if (reward.kind === "simple") return "card.voucher.simple";
  switch (reward.redemption.method) {
    case "self":
      return "pass.back.redeemSelf";
    case "staff":
      return "card.voucher.staffScan";
    case "code":
      return "card.voucher.codeHint";
    default: {
      const unreachable: never = reward.redemption;
      throw new Error(`unknown redemption ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * The back of the pass, from the program's own rules: how to earn, how to redeem, the terms that
 * apply (expiry, limits), where. The same keys in every language.
 */
function backFields(
  program: Program,
  locale: Locale,
  locationNames: readonly string[],
): CardBackField[] {
  const m = translator(locale);
  const reward = program.reward.title;
  const earn =
    program.earning.kind === "per-order"
      ? m.t("pass.back.earnPerOrder", { count: program.earning.stampsPerOrder })
      : m.t("pass.back.earnByAmount", {
          amount: formatMoney(locale, program.earning.currency, program.earning.unitAmount),
        });
  const validDays = program.reward.kind === "simple" ? undefined : program.reward.validDays;
  const terms = [
    ...(program.expiry?.stampsAfterDays
      ? [m.t("pass.back.stampsExpire", { days: program.expiry.stampsAfterDays })]
      : []),
    ...(validDays ? [m.t("pass.back.rewardValid", { days: validDays })] : []),
    ...(program.limits.maxStampsPerDay
      ? [m.t("pass.back.dailyCap", { count: program.limits.maxStampsPerDay })]
      : []),
  ];
  return [
    {
      key: "earn",
      label: m.t("pass.back.earn"),
      text: `${earn}\n${m.t("pass.back.goal", { goal: program.goal, reward })}`,
    },
    {
      key: "redeem",
      label: m.t("pass.back.redeem"),
      text: [
        ...(program.reward.kind === "lottery" ? [m.t("pass.back.lottery")] : []),
        m.t(redeemKey(program.reward)),
      ].join("\n"),
    },
    ...(terms.length > 0
      ? [{ key: "terms", label: m.t("pass.back.terms"), text: terms.join("\n") }]
      : []),
    ...(locationNames.length > 0
      ? [{ key: "where", label: m.t("pass.back.where"), text: locationNames.join("\n") }]
      : []),
  ];
}

function cardTexts(
  program: Program,
  merchantName: string,
  locale: Locale,
  locationNames: readonly string[],
): CardTexts {
  const m = translator(locale);
  return {
    programName: program.name,
    description: m.t("pass.description", { merchant: merchantName }),
    numberLabel: m.t("pass.number"),
    stampsLabel: m.t("pass.stamps"),
    rewardLabel: m.t("pass.reward"),
    rewardTitle: program.reward.title,
    statusLabel: m.t("pass.status"),
    statusCollecting: m.t("pass.collecting"),
    // pass-builder fills {reward}, {count}, {date} and {code} itself.
    statusOneReady: m.template("pass.oneReady"),
    statusManyReady: m.template("pass.manyReady"),
    nearLocation: m.template("pass.nearLocation"),
    voucherLabel: m.template("pass.voucherLabel"),
    voucherEarned: m.template("pass.voucherEarned"),
    voucherValidUntil: m.template("pass.voucherValidUntil"),
    voucherCode: m.template("pass.voucherCode"),
    prizeHidden: m.template("pass.prizeHidden"),
    noticeLabel: m.template("pass.noticeLabel"),
    noticeEarned: m.template("pass.noticeEarned"),
    noticeExpiring: m.template("pass.noticeExpiring"),
    noticeExpired: m.template("pass.noticeExpired"),
    noticeStampsExpired: m.template("pass.noticeStampsExpired"),
    backFields: backFields(program, locale, locationNames),
    webCardLabel: m.t("pass.back.webCard"),
    contactLabels: {
      phone: m.t("contact.phone"),
      website: m.t("contact.website"),
      address: m.t("contact.address"),
    },
  };
}

/** The details the merchant gave, as pass-builder takes them (absent rather than null). */
function businessContact(business: BusinessDetails): BusinessContact {
  return {
    ...(business.phone ? { phone: business.phone } : {}),
    ...(business.website ? { website: business.website } : {}),
    ...(business.address ? { address: business.address } : {}),
  };
}

/**
 * A program as pass-builder draws it: its colours, the merchant's name and contact details, texts
 * per locale.
 */
export function programDesign(
  program: Program,
  merchantName: string,
  locations: readonly PlacedLocation[],
  business: BusinessDetails,
): ProgramDesign {
  const locales = passLocales(program);
  const used = locations.slice(0, MAX_LOCATIONS);
  return {
    programId: program.id,
    organizationName: merchantName,
    colors: programColors(program),
    stampIcon: program.design.stampIcon,
    stampGoal: program.goal,
    defaultLocale: locales[0] as Locale,
    texts: Object.fromEntries(
      locales.map((locale) => [
        locale,
        cardTexts(
          program,
          merchantName,
          locale,
          used.map((location) => location.name),
        ),
      ]),
    ),
    contact: businessContact(business),
    locations: used.map((location) => ({
      name: location.name,
      latitude: location.latitude,
      longitude: location.longitude,
      ...(location.relevantText ? { relevantText: location.relevantText } : {}),
    })),
  };
}
