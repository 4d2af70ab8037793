import type { ReactNode } from "react";
import { useT } from "../app/hooks";
import { Icon } from "../ui/icons";
import type { CameraProblem } from "./camera-stream";

/**
 * What fills the camera's place when there is no picture: what went wrong in a headline, what to
 * check, Try again, and the other ways to take a card (`help`). At the self-service kiosk the
 * customer is asked to fetch staff and the advice is addressed to them.
 */
export function CameraTrouble({
  problem,
  audience,
  onRetry,
  help,
}: {
  readonly problem: CameraProblem;
  readonly audience: "staff" | "customer";
  readonly onRetry: () => void;
  readonly help?: ReactNode;
}) {
  const { t } = useT();
  const check = t(`camera.problem.${problem}.check`);
  return (
    <div
      className="camera-trouble"
      role="alert"
      data-testid="camera-problem"
      data-problem={problem}
    >
      <Icon name="camera-off" size={56} strokeWidth={1.5} />
      <h3 className="camera-trouble__title">{t(`camera.problem.${problem}.title`)}</h3>
      {audience === "customer" ? (
        <>
          <p className="camera-trouble__ask">{t("camera.askStaff")}</p>
          <p className="camera-trouble__check">{t("camera.staffCheck", { check })}</p>
        </>
      ) : (
        <p className="camera-trouble__check">{check}</p>
      )}
      <div className="camera-trouble__actions">
        <button
          type="button"
          className="button button--primary camera-trouble__retry"
          onClick={onRetry}
          data-testid="camera-retry"
        >
          <Icon name="refresh" size={22} />
          {t("camera.retry")}
        </button>
        {help}
      </div>
    </div>
  );
}
