import type { Translator } from "../i18n/translate";
import type { Control, PlatformGuide, RowLabel } from "./platforms";

const WIDTH = 360;
const ROW = 48;
const TOP = 52;

/** The control at the row's end, drawn around (x, y) = its centre. */
function ControlShape(props: { control: Control; x: number; y: number; value: string }) {
  const { control, x, y } = props;
  switch (control.kind) {
    case "none":
      return null;
    case "toggle":
      return (
        <g>
          <rect x={x - 20} y={y - 12} width="40" height="24" rx="12" fill="#34c759" />
          <circle cx={x + 8} cy={y} r="10" fill="#fff" />
        </g>
      );
    case "chevron":
      return (
        <path d={`M${x - 4} ${y - 7} l7 7 l-7 7`} fill="none" stroke="#8a847d" stroke-width="2.5" />
      );
    case "radio":
      return (
        <g>
          <circle cx={x} cy={y} r="9" fill="#fff" stroke="#4a4540" stroke-width="2" />
          {control.on ? <circle cx={x} cy={y} r="4.5" fill="#1a5fb4" /> : null}
        </g>
      );
    case "checkbox":
      return (
        <g>
          <rect x={x - 9} y={y - 9} width="18" height="18" rx="3" fill="#1a5fb4" />
          <path d={`M${x - 5} ${y} l3.5 4 l6.5 -8`} fill="none" stroke="#fff" stroke-width="2.5" />
        </g>
      );
    case "button":
      return <rect x={x - 22} y={y - 12} width="44" height="24" rx="5" fill="#1a5fb4" />;
    case "select":
      return (
        <g>
          <rect x={x - 46} y={y - 12} width="92" height="24" rx="5" fill="#fff" stroke="#8a847d" />
          <text x={x} y={y + 4} font-size="10" text-anchor="middle" fill="#1d1b19">
            {props.value}
          </text>
        </g>
      );
  }
}

/**
 * A schematic of the one screen where the device is told to trust the CA, labelled with the
 * device's own words in the page's language, the row to tap outlined. Mirrored for RTL.
 */
export function PlatformDrawing(props: {
  m: Translator;
  guide: PlatformGuide;
  caName: string;
  platformName: string;
}) {
  const { m, guide } = props;
  const rtl = m.dir === "rtl";
  const text = (label: RowLabel) => (label === "ca-name" ? props.caName : m.t(label));
  const height = TOP + guide.drawing.rows.length * ROW + 16;
  const labelX = rtl ? WIDTH - 24 : 24;
  const controlX = rtl ? 60 : WIDTH - 60;
  return (
    <svg
      class="setup-drawing"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-label={m.t("setup.drawing.label", { platform: props.platformName })}
      direction={m.dir}
    >
      <rect
        x="1"
        y="1"
        width={WIDTH - 2}
        height={height - 2}
        rx="14"
        fill="#f2f2f7"
        stroke="#c7c2bb"
      />
      <text
        x={WIDTH / 2}
        y="32"
        font-size="14"
        font-weight="600"
        text-anchor="middle"
        fill="#1d1b19"
      >
        {text(guide.drawing.title)}
      </text>
      {guide.drawing.rows.map((row, index) => {
        const y = TOP + index * ROW;
        const caption = row.control.kind === "none";
        const value = row.control.kind === "select" ? m.t(row.control.value) : "";
        return (
          <g>
            {caption ? null : (
              <rect
                x="12"
                y={y}
                width={WIDTH - 24}
                height={ROW - 6}
                rx="8"
                fill="#fff"
                stroke={row.highlight ? "#e8590c" : "none"}
                stroke-width="3"
              />
            )}
            <text
              x={labelX}
              y={y + ROW / 2}
              font-size={caption ? "10" : "12"}
              fill={caption ? "#6b645d" : "#1d1b19"}
              text-anchor="start"
              textLength={caption || text(row.label).length < 34 ? undefined : String(WIDTH - 150)}
              lengthAdjust="spacingAndGlyphs"
            >
              {text(row.label)}
            </text>
            <ControlShape control={row.control} x={controlX} y={y + ROW / 2 - 3} value={value} />
          </g>
        );
      })}
    </svg>
  );
}
