import type { Program } from "@stamp/core";
import type { ArtworkStyle, CardTexts, ProgramColors, ProgramDesign } from "@stamp/pass-builder";
import type { PlacedLocation } from "../storage/wallet-store";
import { isWalletLocale, type WalletLocale, walletMessages } from "./messages/wallet-messages";

/** Apple and Google read at most 10 locations. */
const MAX_LOCATIONS = 10;

/** The program's locales we have texts for, its first one leading; English when none is. */
export function passLocales(program: Program): WalletLocale[] {
  const known = program.locales.filter(isWalletLocale);
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

function cardTexts(program: Program, merchantName: string, locale: WalletLocale): CardTexts {
  const m = walletMessages(locale);
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
    statusOneReady: m.t("pass.oneReady"),
    statusManyReady: m.t("pass.manyReady"),
    nearLocation: m.t("pass.nearLocation"),
    voucherLabel: m.t("pass.voucherLabel"),
    voucherEarned: m.t("pass.voucherEarned"),
    voucherValidUntil: m.t("pass.voucherValidUntil"),
    voucherCode: m.t("pass.voucherCode"),
    prizeHidden: m.t("pass.prizeHidden"),
    noticeLabel: m.t("pass.noticeLabel"),
    noticeEarned: m.t("pass.noticeEarned"),
    noticeExpiring: m.t("pass.noticeExpiring"),
    noticeExpired: m.t("pass.noticeExpired"),
    noticeStampsExpired: m.t("pass.noticeStampsExpired"),
  };
}

/** A program as pass-builder draws it: its colours, the merchant's name, texts per locale. */
export function programDesign(
  program: Program,
  merchantName: string,
  locations: readonly PlacedLocation[],
): ProgramDesign {
  const locales = passLocales(program);
  return {
    programId: program.id,
    organizationName: merchantName,
    colors: programColors(program),
    stampIcon: program.design.stampIcon,
    stampGoal: program.goal,
    defaultLocale: locales[0] as WalletLocale,
    texts: Object.fromEntries(
      locales.map((locale) => [locale, cardTexts(program, merchantName, locale)]),
    ),
    locations: locations.slice(0, MAX_LOCATIONS).map((location) => ({
      name: location.name,
      latitude: location.latitude,
      longitude: location.longitude,
      ...(location.relevantText ? { relevantText: location.relevantText } : {}),
    })),
  };
}
