import type { CardView, Program, StampsExpiryNews } from "@stamp/core";
import { useT } from "../app/hooks";
import { brandStyle, StampGrid } from "./StampGrid";

/** The customer's card in the program's colours: name, stamp grid and how far to the reward. */
export function CardProgress({
  program,
  card,
  fresh = 0,
  size = "large",
  stampsNews = null,
}: {
  readonly program: Program;
  readonly card: CardView;
  readonly fresh?: number;
  readonly size?: "large" | "huge";
  /** When the stamps expire for want of a visit, or that they did (stamp-core SPEC X3). */
  readonly stampsNews?: StampsExpiryNews | null;
}) {
  const { t, language } = useT();
  const toGo = card.goal - card.stamps;
  return (
    <section
      className={`loyalty-card loyalty-card--${size}`}
      style={brandStyle(program.design)}
      data-testid="card-progress"
    >
      <header className="loyalty-card__header">
        <h2 className="loyalty-card__program">{program.name}</h2>
        <span className="loyalty-card__reward">{program.reward.title}</span>
      </header>
      <StampGrid
        goal={card.goal}
        stamps={card.stamps}
        design={program.design}
        fresh={fresh}
        size={size}
      />
      <p
        className="loyalty-card__count"
        data-testid="card-count"
        data-stamps={card.stamps}
        data-goal={card.goal}
      >
        <strong>{t("card.progress", { count: card.stamps, goal: card.goal })}</strong>
        <span>{t("card.toGo", { count: toGo, reward: program.reward.title })}</span>
      </p>
      {card.cycles > 0 && (
        <p className="loyalty-card__cycles">{t("card.cycles", { count: card.cycles })}</p>
      )}
      {stampsNews && (
        <p className="loyalty-card__expiry" data-testid="stamps-expiry">
          {t(stampsNews.kind === "expires" ? "card.stampsExpireOn" : "card.stampsExpiredOn", {
            date: new Intl.DateTimeFormat(language, { dateStyle: "medium" }).format(
              stampsNews.atMs,
            ),
          })}
        </p>
      )}
      {card.blocked && <p className="loyalty-card__blocked">{t("card.blocked")}</p>}
    </section>
  );
}
