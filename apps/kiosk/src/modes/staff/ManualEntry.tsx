import { useId, useState } from "react";
import { useT } from "../../app/hooks";
import { Icon } from "../../ui/icons";

/** When the camera cannot read a card: type the number printed under the QR (or paste a code). */
export function ManualEntry({
  onCode,
  busy,
}: {
  readonly onCode: (code: string) => void;
  readonly busy: boolean;
}) {
  const { t } = useT();
  const [code, setCode] = useState("");
  const id = useId();
  return (
    <form
      className="manual-entry"
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = code.trim();
        if (trimmed === "") return;
        onCode(trimmed);
        setCode("");
      }}
    >
      <label htmlFor={id} className="field-label">
        <Icon name="keyboard" size={20} /> {t("staff.manualLabel")}
      </label>
      <div className="manual-entry__row">
        <input
          id={id}
          className="input"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          placeholder="482 103 756"
          inputMode="text"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          data-testid="manual-code"
        />
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || code.trim() === ""}
        >
          {t("staff.manualCheck")}
        </button>
      </div>
    </form>
  );
}
