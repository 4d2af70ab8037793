import { useT } from "../app/hooks";
import { Icon } from "./icons";

/** The moment a card reaches its goal: "Reward earned!" and what it is, above everything else. */
export function RewardEarned({
  rewards,
  size = "large",
}: {
  readonly rewards: readonly string[];
  readonly size?: "large" | "huge";
}) {
  const { t } = useT();
  return (
    <section
      className={`reward-earned reward-earned--${size}`}
      role="status"
      data-testid="reward-earned"
    >
      <span className="reward-earned__burst" aria-hidden="true">
        <Icon name="gift" size={size === "huge" ? 64 : 40} />
      </span>
      <div>
        <p className="reward-earned__title">{t("reward.earned")}</p>
        {rewards.map((reward) => (
          <p key={reward} className="reward-earned__reward">
            {reward}
          </p>
        ))}
      </div>
    </section>
  );
}
