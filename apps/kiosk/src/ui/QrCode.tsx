import { BarcodeFormat, EncodeHintType, QRCodeWriter } from "@zxing/library";

/** A QR code drawn as one SVG path (no canvas, no DOM API: renders on the server too). */
export function QrCode(props: {
  readonly text: string;
  readonly label: string;
  readonly size: number;
}) {
  const hints = new Map([[EncodeHintType.MARGIN, 2]]);
  const matrix = new QRCodeWriter().encode(props.text, BarcodeFormat.QR_CODE, 0, 0, hints);
  const modules = matrix.getWidth();
  let path = "";
  for (let y = 0; y < modules; y++)
    for (let x = 0; x < modules; x++) if (matrix.get(x, y)) path += `M${x} ${y}h1v1h-1z`;
  return (
    <svg
      role="img"
      aria-label={props.label}
      width={props.size}
      height={props.size}
      viewBox={`0 0 ${modules} ${modules}`}
      shapeRendering="crispEdges"
      className="qr-code"
    >
      <rect width={modules} height={modules} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
