import { useEffect, useState } from "react";
import { useT } from "../app/hooks";

/** Times the prize list passes by before it stops on the winner. */
const LAPS = 4;

/**
 * A lottery's reveal on the kiosk: the prize table spins past like a slot reel and stops on the
 * prize the log derives (stamp-core SPEC R4) — the spin is a show, the result was never drawn here.
 */
export function PrizeReel({
  prizes,
  winner,
}: {
  readonly prizes: readonly string[];
  readonly winner: string;
}) {
  const { t } = useT();
  const reel = [...Array.from({ length: LAPS }, () => prizes).flat(), winner];
  const [spun, setSpun] = useState(false);
  const [done, setDone] = useState(false);
  useEffect(() => {
    const reduced = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
    // One frame at the start, then the transition runs to the end.
    const frame = requestAnimationFrame(() => {
      setSpun(true);
      if (reduced) setDone(true);
    });
    return () => cancelAnimationFrame(frame);
  }, []);
  return (
    <div className="prize-reel" data-testid="prize-reel" data-done={done}>
      <div className="prize-reel__window" aria-hidden="true">
        <ol
          className="prize-reel__strip"
          style={{
            transform: spun ? `translateY(calc(-${reel.length - 1} * var(--reel-line)))` : "none",
          }}
          onTransitionEnd={() => setDone(true)}
        >
          {reel.map((title, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the reel repeats titles on purpose.
            <li key={i}>{title}</li>
          ))}
        </ol>
      </div>
      <p className="prize-reel__result" aria-live="polite" data-testid="prize-won">
        {done ? t("kiosk.prizeWon", { prize: winner }) : ""}
      </p>
    </div>
  );
}
