import { type ReactNode, useEffect, useId, useRef } from "react";
import { useT } from "../app/hooks";
import { Icon } from "./icons";

/** A modal on the native <dialog>: focus trapping, Escape and the backdrop come with it. */
/** What every dialog is handed by the screen that opens it. */
export interface DialogControl {
  readonly open: boolean;
  readonly onClose: () => void;
}

export function Dialog({
  open,
  title,
  onClose,
  children,
  wide = false,
}: DialogControl & {
  readonly title: string;
  readonly children: ReactNode;
  readonly wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { t } = useT();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={wide ? "dialog dialog--wide" : "dialog"}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open && (
        <>
          <header className="dialog__header">
            <h2 id={titleId}>{title}</h2>
            <button
              type="button"
              className="icon-button"
              onClick={onClose}
              aria-label={t("common.close")}
            >
              <Icon name="x" />
            </button>
          </header>
          <div className="dialog__body">{children}</div>
        </>
      )}
    </dialog>
  );
}
