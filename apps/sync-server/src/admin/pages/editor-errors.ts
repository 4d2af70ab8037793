import type { MessageKey } from "../../i18n/en";
import type { Translator } from "../../i18n/translate";
import { fieldId } from "./form-bits";

/** The editor's label of each field the schema can name, so errors speak of what the merchant sees. */
const LABELS: Readonly<Record<string, MessageKey>> = {
  name: "editor.name",
  goal: "editor.goal",
  locales: "editor.locales",
  "design.background": "editor.background",
  "design.foreground": "editor.foreground",
  "design.accent": "editor.accent",
  "design.stampIcon": "editor.stampIcon",
  earning: "editor.section.earning",
  "earning.kind": "editor.section.earning",
  "earning.stampsPerOrder": "editor.stampsPerOrder",
  "earning.unitAmount": "editor.unitAmount",
  "earning.currency": "editor.currency",
  reward: "editor.section.reward",
  "reward.kind": "editor.section.reward",
  "reward.title": "editor.reward.title",
  "reward.validDays": "editor.validDays",
  "reward.redemption": "editor.redemption",
  "reward.redemption.method": "editor.redemption",
  "reward.redemption.format": "editor.code.format",
  "reward.redemption.code": "editor.code.kind",
  "reward.redemption.code.kind": "editor.code.kind",
  "reward.redemption.code.value": "editor.code.value",
  "reward.prizes": "editor.prizes",
  "reward.seed": "editor.prizes",
  limits: "editor.section.limits",
  "limits.channels": "editor.channels",
  "limits.cooldownSeconds": "editor.cooldown",
  "limits.maxStampsPerVisit": "editor.maxPerVisit",
  "limits.maxStampsPerDay": "editor.maxPerDay",
  maxStampsPerScan: "editor.scan.legend",
  "maxStampsPerScan.staff": "editor.scan.staff",
  "maxStampsPerScan.unattended": "editor.scan.unattended",
  wallet: "editor.section.wallet",
};

const PRIZE_FIELD: Readonly<Record<string, MessageKey>> = {
  title: "editor.prize.title",
  weight: "editor.prize.weight",
  id: "editor.prize.title",
};

/** Where an error belongs, in the editor's words: "Stamps to the reward", "Prize 2: Chance (%)". */
export function fieldLabel(tr: Translator, path: string): string {
  const prize = /^reward\.prizes\.(\d+)(?:\.(\w+))?/.exec(path);
  if (prize)
    return tr.t("editor.error.prize", {
      n: Number(prize[1]) + 1,
      field: tr.t(PRIZE_FIELD[prize[2] ?? "title"] ?? "editor.prize.title"),
    });
  const known = LABELS[path] ?? LABELS[path.replace(/\.\d+$/, "")];
  return known ? tr.t(known) : tr.t("editor.error.program");
}

/** Where the error summary's link takes the merchant: the field itself where there is one. */
export function errorAnchor(path: string): string {
  if (path === "earning.unitAmount") return fieldId("earning.amount");
  if (path.startsWith("locales")) return fieldId("locales.default");
  return fieldId(path);
}
