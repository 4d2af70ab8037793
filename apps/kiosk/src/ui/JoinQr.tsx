import { useT } from "../app/hooks";
import { QrCode } from "./QrCode";

/** The program's join link as a QR code, for customers at the kiosk who have no card yet. */
export function JoinQr({ url }: { readonly url: string }) {
  const { t } = useT();
  return (
    <figure className="join-qr" data-testid="join-qr" data-url={url}>
      <QrCode text={url} label={t("kiosk.joinTitle")} className="join-qr__code" />
      <figcaption className="join-qr__caption">
        <strong>{t("kiosk.joinTitle")}</strong>
        <span>{t("kiosk.joinHint")}</span>
      </figcaption>
    </figure>
  );
}
