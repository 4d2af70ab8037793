import { useT } from "../../app/hooks";
import type { WalletLost } from "../../app/session";
import { QrCode } from "../../ui/QrCode";

/**
 * The card no longer updates on the customer's phone (its wallet pass was given up or is no longer
 * fetched: wire protocol 4 `CardWalletAnswer`): staff see why, and ask the customer to scan the QR —
 * the card's page with its wallet buttons — and add it again. Stamping goes on meanwhile: the log
 * keeps everything.
 */
export function WalletLostNotice(props: WalletLost) {
  const { t } = useT();
  return (
    <section className="notice wallet-lost" role="status" aria-labelledby="wallet-lost-title">
      <h3 id="wallet-lost-title" className="wallet-lost__title">
        {t("walletLost.title")}
      </h3>
      {props.reason ? <p>{t(`walletLost.reason.${props.reason}`)}</p> : null}
      <p>{t("walletLost.body")}</p>
      <QrCode text={props.cardUrl} label={t("walletLost.qr")} className="qr-code" size={240} />
    </section>
  );
}
