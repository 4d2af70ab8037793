import { prizeChances } from "@stamp/core";
import type { Translator } from "../../i18n/translate";
import { SPARE_PRIZE_ROWS } from "../program-form";
import { type EditorValues, fieldValue } from "./editor-values";

/** The weights typed so far, as numbers (blank or malformed rows count as none). */
function typedWeights(values: EditorValues, rows: number): (number | null)[] {
  return Array.from({ length: rows }, (_, i) => {
    const typed = fieldValue(values, `reward.prizes.${i}.weight`).trim();
    return /^\d{1,7}$/.test(typed) && Number(typed) > 0 ? Number(typed) : null;
  });
}

/** Each prize's chance as the customer's odds: its weight's share of all the weights. */
export function PrizeChances(props: { tr: Translator; values: EditorValues; rows: number }) {
  const { tr } = props;
  const weights = typedWeights(props.values, props.rows);
  const counted = weights.filter((w): w is number => w !== null);
  const total = counted.reduce((sum, w) => sum + w, 0);
  return total === 0 ? null : (
    <p class="hint" data-testid="prize-total">
      {total === 100
        ? tr.t("editor.prizes.total100")
        : tr.t("editor.prizes.total", { total: tr.number(total) })}
    </p>
  );
}

export function chanceText(tr: Translator, values: EditorValues, rows: number, i: number): string {
  const weights = typedWeights(values, rows);
  const chances = prizeChances(weights.map((w) => w ?? 0));
  const weight = weights[i];
  if (weight === null || weight === undefined) return "";
  return tr.t("editor.prize.chance", { percent: tr.percent(chances[i] ?? 0) });
}

export function prizeRows(values: EditorValues): number {
  let filled = 0;
  for (let i = 0; i < 40; i++)
    if (["id", "title", "weight"].some((f) => fieldValue(values, `reward.prizes.${i}.${f}`) !== ""))
      filled = i + 1;
  return Math.min(20, filled + SPARE_PRIZE_ROWS);
}
