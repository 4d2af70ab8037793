import { useState } from "react";
import type { DeviceConfig } from "../device/device-config";
import { outboxCount } from "../storage/live-queries";
import { Icon } from "../ui/icons";
import { useLiveQuery, useT } from "./hooks";
import { PairingScreen } from "./lazy-screens";

/** The merchant revoked this device: say so plainly, with what it still holds, and offer to pair again. */
export function UnpairedScreen({ device }: { readonly device: DeviceConfig }) {
  const { t } = useT();
  const waiting = useLiveQuery(outboxCount);
  const [pairAgain, setPairAgain] = useState(false);
  if (pairAgain) return <PairingScreen previous={device} />;
  return (
    <div className="pairing">
      <div className="pairing__card" role="alert" data-testid="unpaired">
        <Icon name="lock" size={48} />
        <h1>{t("unpaired.title")}</h1>
        <p>{t("unpaired.body", { merchant: device.merchant.name })}</p>
        {(waiting ?? 0) > 0 && (
          <p className="notice notice--error">{t("unpaired.waiting", { count: waiting ?? 0 })}</p>
        )}
        <button
          type="button"
          className="button button--primary button--large"
          onClick={() => setPairAgain(true)}
        >
          {t("unpaired.pairAgain")}
        </button>
      </div>
    </div>
  );
}
