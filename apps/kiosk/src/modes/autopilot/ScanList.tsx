import { memo } from "react";
import { useT } from "../../app/hooks";
import type { Translator } from "../../i18n/translate";
import type { ScanOutcome, ScanRecord } from "../../storage/db";
import { Icon } from "../../ui/icons";

/** Scan outcomes are stored as codes, so the list reads in whatever language is on now. */
function outcomeText(t: Translator["t"], outcome: ScanOutcome): string {
  switch (outcome.kind) {
    case "stamped":
      return `${t("autopilot.stamped", { count: outcome.count })} · ${outcome.stamps}/${outcome.goal}`;
    case "refused":
      return t(`scan.refused.${outcome.reason}` as const);
    case "invalid":
      return t(`scan.invalid.${outcome.reason}` as const);
    case "voucher":
      return t(`scan.voucher.${outcome.outcome}` as const, { reward: outcome.reward });
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}

function scanSucceeded(outcome: ScanOutcome): boolean {
  return (
    outcome.kind === "stamped" || (outcome.kind === "voucher" && outcome.outcome === "redeemed")
  );
}

/**
 * Memoized: a scan's flash re-renders the screen before the scan's line is stored; the list
 * renders again only when its lines change.
 */
export const ScanList = memo(function ScanList({
  scans,
}: {
  readonly scans: readonly ScanRecord[];
}) {
  const { t, language } = useT();
  const time = new Intl.DateTimeFormat(language, { timeStyle: "medium" });
  if (scans.length === 0) return <p className="muted empty">{t("autopilot.noScans")}</p>;
  return (
    <ol className="scan-list" data-testid="scan-list">
      {scans.map((scan) => (
        <li
          key={scan.seq}
          className={`scan-list__item scan-list__item--${scan.outcome.kind}`}
          data-kind={scan.outcome.kind}
        >
          <Icon name={scanSucceeded(scan.outcome) ? "check" : "x"} size={20} />
          <time className="scan-list__time">{time.format(scan.at)}</time>
          <span className="scan-list__card">{scan.cardId ? `…${scan.cardId.slice(-6)}` : "—"}</span>
          <span className="scan-list__text">{outcomeText(t, scan.outcome)}</span>
        </li>
      ))}
    </ol>
  );
});
