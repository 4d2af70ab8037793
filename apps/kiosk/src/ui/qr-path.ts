/**
 * A QR code (level M) as one SVG path of unit squares, `size` modules across (no quiet zone).
 * ZXing's encoder is loaded on first use, from the chunk the camera's decoder also needs, so it is
 * not in the first load (the service worker precaches it for offline use).
 */
export async function qrPath(text: string): Promise<{ size: number; path: string }> {
  const { QRCodeEncoder, QRCodeDecoderErrorCorrectionLevel } = await import("@zxing/library");
  const matrix = QRCodeEncoder.encode(text, QRCodeDecoderErrorCorrectionLevel.M).getMatrix();
  const size = matrix.getWidth();
  let path = "";
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) if (matrix.get(x, y) === 1) path += `M${x} ${y}h1v1h-1z`;
  return { size, path };
}
