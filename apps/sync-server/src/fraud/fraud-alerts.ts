import type { Translator } from "../i18n/translate";
import { translator } from "../i18n/translate";
import type { Logger } from "../logger";
import type { Mailer } from "../mail/mailer";
import type { FraudFlagRecord } from "../storage/fraud-store";
import type { Store } from "../storage/store";
import { subjectNames } from "./fraud-scan";

const DAY_MS = 86_400_000;
/** Flags one alert lists; more wait for the next. */
const FLAGS_PER_ALERT = 100;

export interface FraudAlertDeps {
  readonly store: Pick<
    Store,
    | "fraudSettings"
    | "unalertedFraudFlags"
    | "markFraudAlerted"
    | "adminEmails"
    | "listStaff"
    | "listDevices"
    | "listAdmins"
  >;
  readonly mailer: Mailer;
  readonly publicUrl: string;
  readonly logger: Logger;
}

/** One line of the alert: what, who, when, how many. */
export function flagSummary(
  tr: Translator,
  flag: FraudFlagRecord,
  nameOf: (flag: FraudFlagRecord) => string,
): string {
  return tr.t("fraud.summary", {
    reason: tr.t(`fraud.reason.${flag.reason}`),
    who: nameOf(flag),
    when: tr.dateTime(flag.windowStart),
    count: flag.count,
  });
}

/**
 * Tells the merchant's owners, each in their language, of flags no alert has told of: at once,
 * or in one e-mail a day (the merchant's choice). The flags are marked told once an e-mail went
 * out; when none could be sent, the next round tries again.
 */
export async function sendFraudAlerts(
  deps: FraudAlertDeps,
  merchantId: string,
  now: number,
): Promise<number> {
  const { store, mailer, publicUrl, logger } = deps;
  const settings = await store.fraudSettings(merchantId);
  if (settings.alerts === "off") return 0;
  if (
    settings.alerts === "daily" &&
    settings.lastAlertAt !== null &&
    now - settings.lastAlertAt < DAY_MS
  )
    return 0;
  const flags = await store.unalertedFraudFlags(merchantId, FLAGS_PER_ALERT);
  if (flags.length === 0) return 0;
  const names = await subjectNames(store, merchantId);
  let sent = 0;
  for (const { email: to, locale } of await store.adminEmails(merchantId)) {
    const tr = translator(locale ?? "en");
    const lines = flags.map((flag) => `- ${flagSummary(tr, flag, (f) => names(f.subject))}`);
    const text = [
      tr.plural("fraud.mail.intro", flags.length),
      "",
      ...lines,
      "",
      tr.t("fraud.mail.review", { url: `${publicUrl}/admin/fraud` }),
    ].join("\n");
    try {
      await mailer.send({ to, subject: tr.plural("fraud.mail.subject", flags.length), text });
      sent += 1;
    } catch (error) {
      logger.error({ err: error, to }, "could not e-mail a fraud alert; trying again next round");
    }
  }
  if (sent > 0)
    await store.markFraudAlerted(
      merchantId,
      flags.map((f) => f.id),
      now,
    );
  return sent;
}
