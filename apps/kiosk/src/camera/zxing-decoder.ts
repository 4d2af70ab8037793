import { BrowserQRCodeReader } from "@zxing/browser";
import type { QrDecoder } from "./qr-decoder";

/** Frames are scaled down to this width: enough for a phone-screen QR, cheap for the main thread. */
const MAX_WIDTH = 800;

export function zxingDecoder(): QrDecoder {
  const reader = new BrowserQRCodeReader();
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return {
    engine: "zxing",
    async decode(video) {
      if (!context || video.videoWidth === 0) return null;
      const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      try {
        return reader.decodeFromCanvas(canvas).getText();
      } catch {
        // ZXing throws when a frame holds no readable code; that is most frames.
        return null;
      }
    },
  };
}
