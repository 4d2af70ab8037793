import type { ReactNode } from "react";
import { useT } from "../app/hooks";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", "⌫"] as const;

/**
 * A PIN field with a large on-screen keypad: typed or tapped, digits only. The caller checks the
 * PIN on submit and says what went wrong in `error`.
 */
export function PinPad({
  pin,
  onPin,
  maxLength,
  error,
  busy,
  submitLabel,
  onSubmit,
  children,
}: {
  readonly pin: string;
  readonly onPin: (pin: string) => void;
  readonly maxLength: number;
  readonly error: string | null;
  readonly busy: boolean;
  readonly submitLabel: string;
  readonly onSubmit: () => void;
  /** Shown above the field: why the PIN is asked, or whose it is. */
  readonly children?: ReactNode;
}) {
  const { t } = useT();
  const press = (key: (typeof KEYS)[number]) => {
    if (key === "⌫") onPin(pin.slice(0, -1));
    else if (key !== "" && pin.length < maxLength) onPin(pin + key);
  };
  return (
    <form
      className="pin"
      onSubmit={(event) => {
        event.preventDefault();
        if (pin !== "" && !busy) onSubmit();
      }}
    >
      {children}
      <input
        className="pin__input"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        aria-label={t("pin.label")}
        value={pin}
        onChange={(event) => onPin(event.target.value.replace(/\D/g, "").slice(0, maxLength))}
        // biome-ignore lint/a11y/noAutofocus: the pad is shown only where the PIN is the one task (a dialog, the sign-in screen)
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
        disabled={pin === "" || busy}
      >
        {submitLabel}
      </button>
    </form>
  );
}
