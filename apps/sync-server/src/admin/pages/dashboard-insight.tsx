import type { MessageKey } from "../../i18n/en";
import type { Translator } from "../../i18n/translate";
import { type DashboardFilter, NO_LOCATION } from "../../insight/dashboard-filter";
import { dashboardTotals, everyDay } from "../../insight/dashboard-summary";
import type { DashboardFacts, SplitFacts } from "../../storage/insight-store";
import { ChartFigure, DayBars, HourHeat, SplitBars } from "./dashboard-charts";

const CHANNEL_LABELS: Record<string, MessageKey> = {
  staff: "editor.channel.staff",
  kiosk: "editor.channel.kiosk",
  autopilot: "editor.channel.autopilot",
  receipt: "editor.channel.receipt",
  pos: "editor.channel.pos",
  api: "editor.channel.api",
};

const utcDate = (locale: string) =>
  new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" });
const utcWeekdays = (locale: string) => {
  const format = new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" });
  // 2026-11-01 was a Sunday: weekday 0.
  return Array.from({ length: 7 }, (_, i) => format.format(Date.UTC(2026, 10, 1 + i)));
};

/**
 * The dashboard's insight: a date range and location filter (a GET form), the range's totals and
 * rates, and charts of what happened in it, each with its numbers as a table.
 */
export function DashboardInsight(props: {
  tr: Translator;
  filter: DashboardFilter;
  facts: DashboardFacts;
  /** The merchant's locations by id, removed ones included (their events still count). */
  locations: ReadonlyMap<string, string>;
  /** The locations offered in the filter. */
  listed: readonly { readonly id: string; readonly name: string }[];
}) {
  const { tr, filter, facts } = props;
  const totals = dashboardTotals(facts);
  const days = everyDay(facts, filter.query.from, filter.query.to);
  const day = utcDate(tr.locale);
  const dayLabels = days.map((d) => day.format(d.day));
  const locationName = (id: string) =>
    id === ""
      ? tr.t("insight.noLocation")
      : (props.locations.get(id) ?? tr.t("insight.removedLocation"));
  const rate = (value: number | null) => (value === null ? "—" : tr.percent(value));
  const tiles: [MessageKey, MessageKey, string][] = [
    ["insight.newCustomers", "insight.newCustomers.counts", tr.number(totals.enrolled)],
    ["insight.visits", "insight.visits.counts", tr.number(totals.visits)],
    ["insight.stamps", "insight.stamps.counts", tr.number(totals.stamps)],
    ["insight.earned", "insight.earned.counts", tr.number(totals.earned)],
    ["insight.redeemed", "insight.redeemed.counts", tr.number(totals.redeemed)],
    ["insight.redemptionRate", "insight.redemptionRate.counts", rate(totals.redemptionRate)],
    ["insight.returningRate", "insight.returningRate.counts", rate(totals.returningRate)],
  ];
  const busiest = days.reduce<(typeof days)[number] | null>(
    (best, d) => (best === null || d.visits > best.visits ? d : best),
    null,
  );
  const weekdays = utcWeekdays(tr.locale);
  const heat = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const h of facts.hours) (heat[h.weekday] as number[])[h.hour] = h.visits;
  const peak = facts.hours.reduce(
    (best, h) => (best === null || h.visits > best.visits ? h : best),
    null as (typeof facts.hours)[number] | null,
  );
  const splitTable = (
    rows: readonly SplitFacts[],
    name: (key: string) => string,
    head: MessageKey,
  ) => (
    <table>
      <thead>
        <tr>
          <th scope="col">{tr.t(head)}</th>
          <th scope="col" class="num">
            {tr.t("insight.col.visits")}
          </th>
          <th scope="col" class="num">
            {tr.t("insight.col.stamps")}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr>
            <th scope="row">{name(row.key)}</th>
            <td class="num">{tr.number(row.visits)}</td>
            <td class="num">{tr.number(row.stamps)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  /** A panel of stamps split by `name`d keys: bars, and the same as a table. */
  const splitPanel = (
    id: string,
    title: MessageKey,
    rows: readonly SplitFacts[],
    name: (key: string) => string,
    head: MessageKey,
  ) => (
    <div class="panel">
      <ChartFigure
        tr={tr}
        id={id}
        title={tr.t(title)}
        summary={tr.t("insight.chart.split.summary", { stamps: tr.number(totals.stamps) })}
        chart={
          <SplitBars
            tr={tr}
            id={id}
            title={tr.t(title)}
            rows={rows.map((row) => ({ label: name(row.key), value: row.stamps }))}
          />
        }
        table={splitTable(rows, name, head)}
      />
    </div>
  );
  const channelName = (key: string) => {
    const label = CHANNEL_LABELS[key];
    return label ? tr.t(label) : key;
  };
  const range = { from: day.format(filter.query.from), to: day.format(filter.query.to - 1) };

  return (
    <section aria-labelledby="insight-title" class="insight">
      <div class="panel">
        <div class="panel__header">
          <h2 id="insight-title">{tr.t("insight.title")}</h2>
          <p class="muted small">{tr.t("insight.intro")}</p>
        </div>
        {filter.invalid ? (
          <p class="notice notice--error" role="alert" data-testid="insight-invalid">
            {tr.t("insight.badRange")}
          </p>
        ) : null}
        <form method="get" action="/admin" class="row" data-testid="insight-filter">
          <div class="field">
            <label for="f-insight-from">{tr.t("insight.from")}</label>
            <input id="f-insight-from" name="from" type="date" value={filter.from} required />
          </div>
          <div class="field">
            <label for="f-insight-to">{tr.t("insight.to")}</label>
            <input id="f-insight-to" name="to" type="date" value={filter.to} required />
          </div>
          <div class="field">
            <label for="f-insight-location">{tr.t("insight.location")}</label>
            <select id="f-insight-location" name="location">
              <option value="" selected={filter.location === ""}>
                {tr.t(filter.tied ? "insight.yourLocations" : "insight.allLocations")}
              </option>
              {props.listed.map((l) => (
                <option value={l.id} selected={filter.location === l.id}>
                  {l.name}
                </option>
              ))}
              {filter.tied ? null : (
                <option value={NO_LOCATION} selected={filter.location === NO_LOCATION}>
                  {tr.t("insight.noLocation")}
                </option>
              )}
            </select>
          </div>
          <button class="button" type="submit">
            {tr.t("insight.show")}
          </button>
        </form>
      </div>

      <section class="grid" aria-label={tr.t("insight.totals", range)}>
        {tiles.map(([label, counts, value]) => (
          <div class="stat" data-testid={label}>
            <div class="stat__label">{tr.t(label)}</div>
            <div class="stat__value">{value}</div>
            <div class="muted small">{tr.t(counts)}</div>
          </div>
        ))}
      </section>

      <DayFigure
        tr={tr}
        id="chart-visits"
        title="insight.chart.visits"
        summary={tr.t("insight.chart.visits.summary", {
          ...range,
          visits: tr.number(totals.visits),
          joined: tr.number(totals.enrolled),
          day: busiest && busiest.visits > 0 ? day.format(busiest.day) : "—",
          most: tr.number(busiest?.visits ?? 0),
        })}
        labels={dayLabels}
        bars={[
          ["insight.col.visits", days.map((d) => d.visits)],
          ["insight.col.joined", days.map((d) => d.enrolled)],
        ]}
        tableOnly={[["insight.col.stamps", days.map((d) => d.stamps)]]}
      />
      <DayFigure
        tr={tr}
        id="chart-rewards"
        title="insight.chart.rewards"
        summary={tr.t("insight.chart.rewards.summary", {
          ...range,
          earned: tr.number(totals.earned),
          redeemed: tr.number(totals.redeemed),
          rate: rate(totals.redemptionRate),
        })}
        labels={dayLabels}
        bars={[
          ["insight.col.earned", days.map((d) => d.earned)],
          ["insight.col.redeemed", days.map((d) => d.redeemed)],
        ]}
        tableOnly={[]}
      />

      <div class="two-columns">
        {splitPanel(
          "chart-channels",
          "insight.chart.channels",
          facts.channels,
          channelName,
          "insight.col.channel",
        )}
        {splitPanel(
          "chart-locations",
          "insight.chart.locations",
          facts.locations,
          locationName,
          "insight.col.location",
        )}
      </div>

      <div class="panel">
        <ChartFigure
          tr={tr}
          id="chart-hours"
          title={tr.t("insight.chart.hours")}
          summary={
            peak
              ? tr.t("insight.chart.hours.summary", {
                  weekday: weekdays[peak.weekday] ?? "",
                  hour: String(peak.hour).padStart(2, "0"),
                  visits: tr.number(peak.visits),
                })
              : tr.t("insight.empty")
          }
          chart={
            <HourHeat
              tr={tr}
              id="chart-hours"
              title={tr.t("insight.chart.hours")}
              weekdays={weekdays}
              visits={heat}
            />
          }
          table={
            <table>
              <thead>
                <tr>
                  <th scope="col">{tr.t("insight.col.weekday")}</th>
                  <th scope="col">{tr.t("insight.col.hour")}</th>
                  <th scope="col" class="num">
                    {tr.t("insight.col.visits")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {facts.hours.map((h) => (
                  <tr>
                    <td>{weekdays[h.weekday]}</td>
                    <td>{`${String(h.hour).padStart(2, "0")}:00`}</td>
                    <td class="num">{tr.number(h.visits)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      </div>

      <section class="panel table-wrap" aria-labelledby="cohorts-title" data-testid="cohorts">
        <h3 id="cohorts-title">{tr.t("insight.chart.cohorts")}</h3>
        <p class="muted small">{tr.t("insight.cohorts.note")}</p>
        {facts.cohorts.length === 0 ? (
          <p class="muted">{tr.t("insight.empty")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{tr.t("insight.col.month")}</th>
                <th scope="col" class="num">
                  {tr.t("insight.col.customers")}
                </th>
                <th scope="col" class="num">
                  {tr.t("insight.col.returned")}
                </th>
                {facts.cohorts[0]?.retention.map((r) => (
                  <th scope="col" class="num">
                    {tr.t("insight.col.retained", { days: r.days })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {facts.cohorts.map((c) => (
                <tr>
                  <th scope="row">{c.month}</th>
                  <td class="num">{tr.number(c.customers)}</td>
                  <td class="num">{rate(c.stamped === 0 ? null : c.returned / c.stamped)}</td>
                  {c.retention.map((r) => (
                    <td class="num">{rate(r.eligible === 0 ? null : r.kept / r.eligible)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}

type DayColumn = readonly [MessageKey, readonly number[]];

/** Two series as bars per day, with a legend, and as a table (with `tableOnly` columns too). */
function DayFigure(props: {
  tr: Translator;
  id: string;
  title: MessageKey;
  summary: string;
  labels: readonly string[];
  bars: readonly [DayColumn, DayColumn];
  tableOnly: readonly DayColumn[];
}) {
  const { tr, id, bars } = props;
  const tones = ["a", "b"] as const;
  return (
    <div class="panel">
      <ChartFigure
        tr={tr}
        id={id}
        title={tr.t(props.title)}
        summary={props.summary}
        chart={
          <DayBars
            tr={tr}
            id={id}
            title={tr.t(props.title)}
            labels={props.labels}
            series={bars.map(([label, values], i) => ({
              label: tr.t(label),
              tone: tones[i] as "a" | "b",
              values,
            }))}
          />
        }
        table={<DayTable tr={tr} labels={props.labels} columns={[...bars, ...props.tableOnly]} />}
      />
      <Legend tr={tr} items={bars.map(([label], i) => [tones[i] as "a" | "b", label])} />
    </div>
  );
}

function DayTable(props: {
  tr: Translator;
  labels: readonly string[];
  columns: readonly DayColumn[];
}) {
  const { tr } = props;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{tr.t("insight.col.day")}</th>
          {props.columns.map(([head]) => (
            <th scope="col" class="num">
              {tr.t(head)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.labels.map((label, i) => (
          <tr>
            <th scope="row">{label}</th>
            {props.columns.map(([, values]) => (
              <td class="num">{tr.number(values[i] ?? 0)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Legend(props: { tr: Translator; items: readonly ["a" | "b", MessageKey][] }) {
  return (
    <ul class="chart__legend" aria-hidden="true">
      {props.items.map(([tone, label]) => (
        <li>
          <span class={`chart__swatch chart__bar--${tone}`} />
          {props.tr.t(label)}
        </li>
      ))}
    </ul>
  );
}
