import { verifyStaffPin } from "@stamp/wire-protocol";
import { useEffect, useState } from "react";
import { useRuntime, useT } from "../app/hooks";
import { Dialog } from "./Dialog";
import { Icon } from "./icons";
import { PinPad } from "./PinPad";

const MAX_TRIES = 5;
const LOCKOUT_MS = 30_000;

/**
 * Asks for the location's staff PIN and checks it offline against the hash cached at pairing. After
 * a few wrong tries it pauses, so a customer at a kiosk cannot simply guess through four digits.
 */
export function PinDialog({
  open,
  reason,
  onClose,
  onUnlocked,
}: {
  readonly open: boolean;
  readonly reason: string;
  readonly onClose: () => void;
  readonly onUnlocked: () => void;
}) {
  const { t } = useT();
  const runtime = useRuntime();
  const [pin, setPin] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [tries, setTries] = useState(0);
  const [lockedUntil, setLockedUntil] = useState(0);
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    if (open) {
      setPin("");
      setError(null);
    }
  }, [open]);

  const submit = async () => {
    const device = runtime.device.get();
    if (!device) return;
    if (Date.now() < lockedUntil) {
      setError(t("pin.locked", { count: Math.ceil((lockedUntil - Date.now()) / 1000) }));
      return;
    }
    setChecking(true);
    const ok = await verifyStaffPin(pin, device.staffPin, crypto.subtle);
    setChecking(false);
    if (ok) {
      setTries(0);
      onUnlocked();
      return;
    }
    const next = tries + 1;
    setTries(next);
    setPin("");
    if (next >= MAX_TRIES) {
      setTries(0);
      setLockedUntil(Date.now() + LOCKOUT_MS);
      setError(t("pin.locked", { count: LOCKOUT_MS / 1000 }));
    } else setError(t("pin.wrong"));
  };

  return (
    <Dialog open={open} title={t("pin.title")} onClose={onClose}>
      <PinPad
        pin={pin}
        onPin={(next) => {
          setError(null);
          setPin(next);
        }}
        maxLength={12}
        error={error}
        busy={checking}
        submitLabel={t("pin.unlock")}
        onSubmit={() => void submit()}
      >
        <p className="pin__reason">
          <Icon name="lock" size={20} /> {reason}
        </p>
      </PinPad>
    </Dialog>
  );
}
