import type { Child } from "hono/jsx";
import type { Translator } from "../../i18n/translate";

/**
 * The dashboard's charts: server-drawn SVG (the admin pages run no script of theirs here), each a
 * figure with its title, a one-line summary that screen readers get as the image's description,
 * and the same numbers as a table under "Show as a table".
 */
export function ChartFigure(props: {
  tr: Translator;
  id: string;
  title: string;
  summary: string;
  chart: Child;
  table: Child;
}) {
  const { id } = props;
  return (
    <figure class="chart" aria-labelledby={`${id}-title`} data-testid={id}>
      <figcaption id={`${id}-title`} class="chart__title">
        {props.title}
      </figcaption>
      <p class="muted small" id={`${id}-summary`}>
        {props.summary}
      </p>
      {props.chart}
      <details class="chart__data">
        <summary>{props.tr.t("insight.table")}</summary>
        <div class="table-wrap">{props.table}</div>
      </details>
    </figure>
  );
}

/** An SVG image described by its figure's title and summary. */
function Svg(props: { id: string; title: string; width: number; height: number; children: Child }) {
  return (
    <svg
      class="chart__svg"
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-summary`}
      viewBox={`0 0 ${props.width} ${props.height}`}
      preserveAspectRatio="xMinYMin meet"
    >
      <title>{props.title}</title>
      {props.children}
    </svg>
  );
}

/** A round axis maximum at or above `max` (1, 2, 5 × a power of ten). */
export function axisMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 5, 10].map((step) => step * power).find((top) => top >= max) ?? max) as number;
}

export interface BarSeries {
  readonly label: string;
  /** A CSS class giving its colour (`chart__bar--a`, `--b`). */
  readonly tone: "a" | "b";
  readonly values: readonly number[];
}

const PLOT = { left: 44, right: 8, top: 10, bottom: 26, width: 720, height: 200 } as const;

/** Bars per day, a group per day with one bar per series; labels under the first, middle and last. */
export function DayBars(props: {
  tr: Translator;
  id: string;
  title: string;
  labels: readonly string[];
  series: readonly BarSeries[];
}) {
  const { labels, series, tr } = props;
  const top = axisMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const plotWidth = PLOT.width - PLOT.left - PLOT.right;
  const plotHeight = PLOT.height - PLOT.top - PLOT.bottom;
  const slot = plotWidth / Math.max(1, labels.length);
  const bar = Math.max(1, (slot * 0.8) / series.length);
  const y = (value: number) => PLOT.top + plotHeight - (value / top) * plotHeight;
  const ticks = [0, top / 2, top];
  const marked = new Set([0, Math.floor((labels.length - 1) / 2), labels.length - 1]);
  return (
    <Svg id={props.id} title={props.title} width={PLOT.width} height={PLOT.height}>
      {ticks.map((tick) => (
        <g class="chart__grid">
          <line x1={PLOT.left} x2={PLOT.width - PLOT.right} y1={y(tick)} y2={y(tick)} />
          <text x={PLOT.left - 6} y={y(tick) + 4} text-anchor="end">
            {tr.number(tick)}
          </text>
        </g>
      ))}
      {series.map((s, k) =>
        s.values.map((value, i) =>
          value > 0 ? (
            <rect
              class={`chart__bar chart__bar--${s.tone}`}
              x={PLOT.left + i * slot + slot * 0.1 + k * bar}
              y={y(value)}
              width={bar}
              height={PLOT.top + plotHeight - y(value)}
            >
              <title>{`${labels[i]}: ${s.label} ${tr.number(value)}`}</title>
            </rect>
          ) : null,
        ),
      )}
      {labels.map((label, i) =>
        marked.has(i) ? (
          <text
            class="chart__label"
            x={PLOT.left + i * slot + slot / 2}
            y={PLOT.height - 8}
            text-anchor={i === 0 ? "start" : i === labels.length - 1 ? "end" : "middle"}
          >
            {label}
          </text>
        ) : null,
      )}
    </Svg>
  );
}

/** One horizontal bar per row (a channel, a location), its value at its end. */
export function SplitBars(props: {
  tr: Translator;
  id: string;
  title: string;
  rows: readonly { readonly label: string; readonly value: number }[];
}) {
  const { rows, tr } = props;
  const width = 520;
  const row = 30;
  const labelWidth = 190;
  const top = Math.max(1, ...rows.map((r) => r.value));
  const room = width - labelWidth - 70;
  return (
    <Svg
      id={props.id}
      title={props.title}
      width={width}
      height={Math.max(1, rows.length) * row + 4}
    >
      {rows.map((r, i) => (
        <g>
          <text class="chart__label" x={0} y={i * row + 19}>
            {r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label}
          </text>
          <rect
            class="chart__bar chart__bar--a"
            x={labelWidth}
            y={i * row + 6}
            width={Math.max(1, (Math.max(0, r.value) / top) * room)}
            height={row - 12}
          />
          <text
            class="chart__value"
            x={labelWidth + Math.max(1, (Math.max(0, r.value) / top) * room) + 6}
            y={i * row + 19}
          >
            {tr.number(r.value)}
          </text>
        </g>
      ))}
    </Svg>
  );
}

/** Visits by weekday (rows, Monday first) and hour (columns): darker is busier. */
export function HourHeat(props: {
  tr: Translator;
  id: string;
  title: string;
  weekdays: readonly string[];
  /** visits[weekday][hour], weekday 0 = Sunday. */
  visits: readonly (readonly number[])[];
}) {
  const cell = { width: 26, height: 22 };
  const left = 48;
  const top = 18;
  const most = Math.max(1, ...props.visits.flat());
  const order = [1, 2, 3, 4, 5, 6, 0];
  return (
    <Svg
      id={props.id}
      title={props.title}
      width={left + 24 * cell.width + 2}
      height={top + 7 * cell.height + 2}
    >
      {Array.from({ length: 8 }, (_, k) => k * 3).map((hour) => (
        <text class="chart__label" x={left + hour * cell.width + 2} y={12}>
          {String(hour).padStart(2, "0")}
        </text>
      ))}
      {order.map((weekday, row) => (
        <g>
          <text class="chart__label" x={0} y={top + row * cell.height + 15}>
            {props.weekdays[weekday]}
          </text>
          {(props.visits[weekday] ?? []).map((value, hour) => (
            <rect
              class={value > 0 ? "chart__heat" : "chart__heat chart__heat--none"}
              x={left + hour * cell.width}
              y={top + row * cell.height}
              width={cell.width - 2}
              height={cell.height - 2}
              fill-opacity={value > 0 ? (0.15 + (0.85 * value) / most).toFixed(2) : undefined}
            >
              <title>{`${props.weekdays[weekday]} ${String(hour).padStart(2, "0")}:00 — ${props.tr.number(value)}`}</title>
            </rect>
          ))}
        </g>
      ))}
    </Svg>
  );
}
