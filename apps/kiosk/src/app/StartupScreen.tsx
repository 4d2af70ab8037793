import { useEffect, useState } from "react";
import { Icon } from "../ui/icons";
import { useT } from "./hooks";
import { fetchSecureAddresses, KIOSK_QR_PATH, type SecureAddresses } from "./secure-addresses";
import type { StartupProblem } from "./startup-problem";

/**
 * The one screen for a till that cannot start: what is wrong in a cashier's words, what to do,
 * and a button that tries again. Shown before any storage or session exists, so it needs none.
 */
export function StartupScreen({
  problem,
  retry,
}: {
  readonly problem: StartupProblem;
  readonly retry: () => void;
}) {
  const { t } = useT();
  const retryButton = (
    <button type="button" className="button button--large" onClick={retry}>
      <Icon name="refresh" size={22} />
      {t("startup.retry")}
    </button>
  );
  switch (problem.kind) {
    case "insecure":
      return <InsecureScreen retryButton={retryButton} />;
    case "storage":
    case "session":
      return (
        <div className="pairing">
          <div className="pairing__card" role="alert" data-testid="startup-problem">
            <Icon name="alert" size={48} />
            <h1>{t(`startup.${problem.kind}.title`)}</h1>
            <p>{t(`startup.${problem.kind}.body`)}</p>
            {retryButton}
            <p className="startup__detail">{t("startup.detail", { detail: problem.detail })}</p>
          </div>
        </div>
      );
    default: {
      const unreachable: never = problem;
      return unreachable;
    }
  }
}

function InsecureScreen({ retryButton }: { readonly retryButton: React.ReactNode }) {
  const { t } = useT();
  // undefined: still asking; null: the server did not answer.
  const [addresses, setAddresses] = useState<SecureAddresses | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    void fetchSecureAddresses().then((found) => {
      if (current) setAddresses(found);
    });
    return () => {
      current = false;
    };
  }, []);
  return (
    <div className="pairing">
      <div className="pairing__card" role="alert" data-testid="insecure-context">
        <Icon name="lock" size={48} />
        <h1>{t("startup.insecure.title")}</h1>
        <p>{t("startup.insecure.body")}</p>
        {addresses?.kiosk ? (
          <>
            <a
              className="button button--primary button--large startup__address"
              href={addresses.kiosk}
              data-testid="secure-address"
            >
              {t("startup.insecure.open")}
              <bdi dir="ltr">{addresses.kiosk}</bdi>
            </a>
            <figure className="startup__qr">
              <img src={KIOSK_QR_PATH} alt={addresses.kiosk} width={200} height={200} />
              <figcaption>{t("startup.insecure.scan")}</figcaption>
            </figure>
            <p>
              {t("startup.insecure.trust")}{" "}
              <a href={addresses.setup}>{t("startup.insecure.setup")}</a>
            </p>
          </>
        ) : (
          addresses !== undefined && (
            <p className="notice notice--error">
              {t("startup.insecure.noAddress")}{" "}
              <a href={addresses?.setup ?? "/setup"}>{t("startup.insecure.setup")}</a>
            </p>
          )
        )}
        {retryButton}
      </div>
    </div>
  );
}
