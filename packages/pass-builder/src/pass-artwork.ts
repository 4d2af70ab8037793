import { normalizeHex } from "./colors";
import { STAMP_ICONS } from "./stamp-icons";
import type { ProgramColors, StampIconName } from "./wallet-input";

/** Apple's store-card strip and icon sizes, in points (@1x pixels). */
export const STRIP_SIZE = { width: 375, height: 123 } as const;
export const ICON_SIZE = { width: 29, height: 29 } as const;

/** What the artwork depends on; anything else in the design does not change the pictures. */
export interface ArtworkStyle {
  colors: ProgramColors;
  stampIcon: StampIconName;
  stampGoal: number;
}

const MARGIN = 8;
const MAX_ROWS = 5;

interface Grid {
  rows: number;
  columns: number;
  cell: number;
}

/** Picks the row count that gives the biggest stamps for `goal` in the strip. */
function layoutGrid(goal: number): Grid {
  const width = STRIP_SIZE.width - 2 * MARGIN;
  const height = STRIP_SIZE.height - 2 * MARGIN;
  let best: Grid = { rows: 1, columns: goal, cell: 0 };
  for (let rows = 1; rows <= Math.min(MAX_ROWS, goal); rows++) {
    const columns = Math.ceil(goal / rows);
    const cell = Math.min(width / columns, height / rows);
    if (cell > best.cell) best = { rows, columns, cell };
  }
  return best;
}

function icon(
  name: StampIconName,
  centerX: number,
  centerY: number,
  size: number,
  color: string,
): string {
  const scale = size / 24;
  const x = centerX - size / 2;
  const y = centerY - size / 2;
  return `<g color="${color}" transform="translate(${x.toFixed(2)} ${y.toFixed(2)}) scale(${scale.toFixed(4)})">${STAMP_ICONS[name]}</g>`;
}

/**
 * The strip: `goal` stamp slots, the first `stamps` of them filled. Rows are centred
 * so a short last row sits in the middle.
 */
export function stripSvg(style: ArtworkStyle, stamps: number): string {
  const background = normalizeHex(style.colors.background);
  const foreground = normalizeHex(style.colors.foreground);
  const stamp = normalizeHex(style.colors.stamp);
  const grid = layoutGrid(style.stampGoal);
  const filled = Math.min(stamps, style.stampGoal);
  const radius = grid.cell * 0.42;
  const top = (STRIP_SIZE.height - grid.rows * grid.cell) / 2;
  const parts: string[] = [];
  for (let index = 0; index < style.stampGoal; index++) {
    const row = Math.floor(index / grid.columns);
    const inRow = Math.min(grid.columns, style.stampGoal - row * grid.columns);
    const left = (STRIP_SIZE.width - inRow * grid.cell) / 2;
    const cx = left + ((index % grid.columns) + 0.5) * grid.cell;
    const cy = top + (row + 0.5) * grid.cell;
    const circle = `cx="${cx.toFixed(2)}" cy="${cy.toFixed(2)}" r="${radius.toFixed(2)}"`;
    if (index < filled) {
      parts.push(`<circle ${circle} fill="${stamp}"/>`);
      parts.push(icon(style.stampIcon, cx, cy, radius * 1.2, background));
    } else {
      const strokeWidth = Math.max(1, radius * 0.1).toFixed(2);
      parts.push(
        `<circle ${circle} fill="none" stroke="${foreground}" stroke-opacity="0.45" stroke-width="${strokeWidth}"/>`,
      );
      parts.push(`<g opacity="0.2">${icon(style.stampIcon, cx, cy, radius * 1.1, foreground)}</g>`);
    }
  }
  return svgDocument(STRIP_SIZE, background, parts.join(""));
}

/** The app icon: the stamp icon in the stamp colour on the card background. */
export function iconSvg(style: ArtworkStyle): string {
  const background = normalizeHex(style.colors.background);
  const stamp = normalizeHex(style.colors.stamp);
  const half = ICON_SIZE.width / 2;
  return svgDocument(
    ICON_SIZE,
    background,
    icon(style.stampIcon, half, half, ICON_SIZE.width * 0.75, stamp),
  );
}

function svgDocument(
  size: { width: number; height: number },
  background: string,
  body: string,
): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}">` +
    `<rect width="${size.width}" height="${size.height}" fill="${background}"/>${body}</svg>`
  );
}
