import { useEffect, useState } from "react";
import { useT } from "../app/hooks";
import { qrPath } from "./qr-path";

/**
 * The program's join link as a QR code, for customers at the kiosk who have no card yet. The
 * encoder loads with the camera's decoder (one chunk, cached for offline use).
 */
export function JoinQr({ url }: { readonly url: string }) {
  const { t } = useT();
  const [drawn, setDrawn] = useState<{ url: string; size: number; path: string } | null>(null);
  useEffect(() => {
    let current = true;
    void qrPath(url).then((qr) => current && setDrawn({ url, ...qr }));
    return () => {
      current = false;
    };
  }, [url]);
  return (
    <figure className="join-qr" data-testid="join-qr" data-url={url}>
      {drawn?.url === url ? (
        <svg
          className="join-qr__code"
          viewBox={`-2 -2 ${drawn.size + 4} ${drawn.size + 4}`}
          role="img"
          aria-label={t("kiosk.joinTitle")}
          shapeRendering="crispEdges"
        >
          <rect x={-2} y={-2} width={drawn.size + 4} height={drawn.size + 4} fill="#fff" />
          <path d={drawn.path} fill="#000" />
        </svg>
      ) : (
        <div className="join-qr__code" />
      )}
      <figcaption className="join-qr__caption">
        <strong>{t("kiosk.joinTitle")}</strong>
        <span>{t("kiosk.joinHint")}</span>
      </figcaption>
    </figure>
  );
}
