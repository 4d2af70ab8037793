import { verifyStaffPin } from "@stamp/wire-protocol";
import { useEffect, useState } from "react";
import { useRuntime, useT } from "../app/hooks";
import { Dialog } from "./Dialog";
import { Icon } from "./icons";

const MAX_TRIES = 5;
const LOCKOUT_MS = 30_000;
const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", "⌫"] as const;

/**
 * Asks for the staff PIN and checks it offline against the hash cached at pairing. After a few
 * wrong tries it pauses, so a customer at a kiosk cannot simply guess through four digits.
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
    if (!device || pin === "" || checking) return;
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

  const press = (key: (typeof KEYS)[number]) => {
    setError(null);
    if (key === "⌫") setPin((p) => p.slice(0, -1));
    else if (key !== "") setPin((p) => (p.length < 12 ? p + key : p));
  };

  return (
    <Dialog open={open} title={t("pin.title")} onClose={onClose}>
      <form
        className="pin"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <p className="pin__reason">
          <Icon name="lock" size={20} /> {reason}
        </p>
        <input
          className="pin__input"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          aria-label={t("pin.label")}
          value={pin}
          onChange={(event) => setPin(event.target.value.replace(/\D/g, "").slice(0, 12))}
          autoFocus
        />
        <p className="pin__error" role="alert">
          {error}
        </p>
        <div className="keypad">
          {KEYS.map((key) =>
            key === "" ? (
              <span key="blank" />
            ) : (
              <button
                key={key}
                type="button"
                className="keypad__key"
                onClick={() => press(key)}
                aria-label={key === "⌫" ? t("pin.delete") : key}
              >
                {key}
              </button>
            ),
          )}
        </div>
        <button
          type="submit"
          className="button button--primary button--block"
          disabled={pin === "" || checking}
        >
          {t("pin.unlock")}
        </button>
      </form>
    </Dialog>
  );
}
