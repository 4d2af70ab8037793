import type { Design } from "@stamp/core";
import type { CSSProperties } from "react";
import { useT } from "../app/hooks";
import { Icon } from "./icons";

/** Columns that keep the grid in even rows: 10 → 5×2, 8 → 4×2, 12 → 6×2, 15 → 5×3. */
export function gridColumns(goal: number): number {
  const rows = Math.ceil(goal / 6);
  return Math.ceil(goal / rows);
}

/** The program's colours as CSS variables, for the card and anything branded around it. */
export function brandStyle(design: Design): CSSProperties {
  return {
    "--card-bg": design.background,
    "--card-fg": design.foreground,
    "--card-accent": design.accent,
  } as CSSProperties;
}

/**
 * The stamp card as customers know it from the wallet pass: one circle per stamp of the goal,
 * filled with the program's icon; the last circle shows the reward. `fresh` stamps pop in.
 */
export function StampGrid({
  goal,
  stamps,
  design,
  fresh = 0,
  size = "large",
}: {
  readonly goal: number;
  readonly stamps: number;
  readonly design: Design;
  readonly fresh?: number;
  readonly size?: "large" | "huge";
}) {
  const { t } = useT();
  const cells = Array.from({ length: goal }, (_, i) => i);
  return (
    <ol
      className={`stamp-grid stamp-grid--${size}`}
      style={{ "--cols": gridColumns(goal) } as CSSProperties}
      aria-label={t("card.progress", { count: stamps, goal })}
    >
      {cells.map((i) => {
        const filled = i < stamps;
        const isNew = filled && i >= stamps - fresh;
        const isReward = i === goal - 1;
        return (
          <li
            key={i}
            className={[
              "stamp",
              filled ? "stamp--filled" : "stamp--empty",
              isNew ? "stamp--new" : "",
              isReward ? "stamp--reward" : "",
            ].join(" ")}
            style={
              isNew
                ? ({ "--delay": `${(i - (stamps - fresh)) * 90}ms` } as CSSProperties)
                : undefined
            }
            aria-hidden="true"
          >
            <Icon name={isReward && !filled ? "gift" : design.stampIcon} strokeWidth={2.2} />
          </li>
        );
      })}
    </ol>
  );
}
