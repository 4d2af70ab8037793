import type { MessageKey } from "../../i18n/en";
import type { Translator } from "../../i18n/translate";
import type { DashboardFilter } from "../../insight/dashboard-filter";
import type { DashboardFacts } from "../../storage/insight-store";
import type { LocationRecord, MerchantStats, ProgramRecord } from "../../storage/store";
import { mayOpen } from "../admin-scope";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { DashboardInsight } from "./dashboard-insight";
import { Notice } from "./form-bits";

/**
 * The insight's figures, read from the rollup, or how far its rebuild after an upgrade is (then
 * the rollup is not exact yet and nothing read from it is shown).
 */
export type DashboardFigures =
  | { readonly kind: "facts"; readonly facts: DashboardFacts }
  | { readonly kind: "rebuilding"; readonly percent: number };

/** The tiles read from the rollup (the last 24 h), hidden while it is rebuilt. */
const ROLLUP_TILES: ReadonlySet<MessageKey> = new Set(["dashboard.stamps", "dashboard.events"]);

/** The first steps, each offered only to a role that may take it (API keys are the owner's). */
const START_STEPS: readonly [string, MessageKey][] = [
  ["/admin/devices", "dashboard.start.pair"],
  ["/admin/api-keys", "dashboard.start.key"],
  ["/admin/programs", "dashboard.start.program"],
];

export function DashboardPage(props: {
  tr: Translator;
  admin: Admin;
  stats: MerchantStats;
  kioskUrl: string;
  publicUrl: string;
  programs: readonly ProgramRecord[];
  insight: {
    filter: DashboardFilter;
    figures: DashboardFigures;
    locations: readonly LocationRecord[];
  };
}) {
  const { tr, stats } = props;
  const { figures } = props.insight;
  // Each figure says what it counts, under it: a merchant should never have to guess.
  const tiles: [MessageKey, MessageKey, number][] = [
    ["dashboard.cards", "dashboard.cards.counts", stats.cards],
    ["dashboard.stamps", "dashboard.stamps.counts", stats.stampsSince],
    ["dashboard.events", "dashboard.events.counts", stats.eventsSince],
    ["dashboard.devices", "dashboard.devices.counts", stats.activeDevices],
    ["dashboard.conflicts", "dashboard.conflicts.counts", stats.cardsWithConflicts],
  ];
  return (
    <AdminShell tr={tr} admin={props.admin} section="dashboard" title={tr.t("dashboard.title")}>
      <PageHeader
        title={tr.t("dashboard.title")}
        intro={tr.t("dashboard.intro", { merchant: props.admin.merchantName })}
      />
      <section class="grid" aria-label={tr.t("dashboard.title")}>
        {tiles
          .filter(([label]) => figures.kind === "facts" || !ROLLUP_TILES.has(label))
          .map(([label, counts, value]) => (
            <div class="stat" data-testid={label}>
              <div class="stat__label">{tr.t(label)}</div>
              <div class="stat__value">{tr.number(value)}</div>
              <div class="muted small">{tr.t(counts)}</div>
            </div>
          ))}
      </section>
      {figures.kind === "facts" ? (
        <DashboardInsight
          tr={tr}
          filter={props.insight.filter}
          facts={figures.facts}
          locations={new Map(props.insight.locations.map((l) => [l.id, l.name]))}
          listed={props.insight.locations}
        />
      ) : (
        <section class="panel" aria-labelledby="insight-title" data-testid="insight-rebuilding">
          <h2 id="insight-title">{tr.t("insight.title")}</h2>
          <Notice kind="warn">
            {tr.t("insight.rebuilding", { percent: tr.percent(figures.percent / 100) })}
          </Notice>
        </section>
      )}
      <div class="two-columns">
        {stats.activeDevices > 0 ? null : (
          <section class="panel" data-testid="get-started">
            <h2>{tr.t("dashboard.start.title")}</h2>
            <p>{tr.t("dashboard.start.kiosk")}</p>
            <p>
              <a href={props.kioskUrl}>
                <code>{props.kioskUrl}</code>
              </a>
            </p>
            <p>
              {tr.t("dashboard.start.setup")}{" "}
              <a href="/setup">{tr.t("dashboard.start.setupLink")}</a>
            </p>
            <div class="actions">
              {START_STEPS.filter(([href]) => mayOpen(props.admin, href)).map(
                ([href, label], i) => (
                  <a class={i === 0 ? "button" : "button button--secondary"} href={href}>
                    {tr.t(label)}
                  </a>
                ),
              )}
            </div>
          </section>
        )}
        <section class="panel">
          <h2>{tr.t("dashboard.join.title")}</h2>
          <p class="muted small">
            {props.programs.length > 0 ? tr.t("dashboard.join.note") : tr.t("dashboard.join.none")}
          </p>
          <dl class="facts">
            {props.programs.map((p) => (
              <>
                <dt>{p.program.name}</dt>
                <dd>
                  <a href={`${props.publicUrl}/join/${p.slug}`} data-testid="join-link">
                    <code>{`${props.publicUrl}/join/${p.slug}`}</code>
                  </a>{" "}
                  <a class="small" href={`/admin/programs/${p.program.id}#wallet`}>
                    {tr.t("dashboard.join.poster")}
                  </a>
                </dd>
              </>
            ))}
          </dl>
        </section>
      </div>
    </AdminShell>
  );
}
