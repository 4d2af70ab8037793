import { raw } from "hono/html";
import type { Translator } from "../../i18n/translate";

/** The stamp strip (pass-builder's artwork) and "3 of 10 stamps", as the card face shows them. */
export function CardProgress(props: {
  m: Translator;
  stamps: number;
  goal: number;
  /** SVG markup of the strip. */
  stripSvg: string;
}) {
  const progress = props.m.t("card.progress", { stamps: props.stamps, goal: props.goal });
  return (
    <>
      <div class="card__strip" role="img" aria-label={progress}>
        {raw(props.stripSvg)}
      </div>
      <p class="card__progress" data-testid="progress">
        {progress}
      </p>
    </>
  );
}
