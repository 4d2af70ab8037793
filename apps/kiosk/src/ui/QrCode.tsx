import { useEffect, useState } from "react";
import { qrPath } from "./qr-path";

/**
 * A QR code drawn as one SVG path on a white tile with a two-module quiet zone. The encoder is
 * loaded on first use (`qr-path.ts`), so it is not in the first load; until it is, the tile is
 * blank and already labelled.
 */
export function QrCode(props: {
  readonly text: string;
  readonly label: string;
  readonly className: string;
  /** Pixels across; without it the stylesheet sizes the tile. */
  readonly size?: number;
}) {
  const [drawn, setDrawn] = useState<{ text: string; size: number; path: string } | null>(null);
  useEffect(() => {
    let current = true;
    void qrPath(props.text).then((qr) => current && setDrawn({ text: props.text, ...qr }));
    return () => {
      current = false;
    };
  }, [props.text]);
  const qr = drawn?.text === props.text ? drawn : null;
  const across = (qr?.size ?? 21) + 4;
  return (
    <svg
      className={props.className}
      role="img"
      aria-label={props.label}
      width={props.size}
      height={props.size}
      viewBox={`-2 -2 ${across} ${across}`}
      shapeRendering="crispEdges"
    >
      <rect x={-2} y={-2} width={across} height={across} fill="#fff" />
      {qr && <path d={qr.path} fill="#000" />}
    </svg>
  );
}
