import { type RefObject, useEffect, useRef, useState } from "react";
import {
  type CameraProblem,
  type Facing,
  openCamera,
  setTorch,
  stopStream,
  torchSupported,
} from "./camera-stream";
import { Dedupe } from "./dedupe";
import { createQrDecoder, type QrDecoder } from "./qr-decoder";

export type CameraStatus =
  | { readonly kind: "off" }
  | { readonly kind: "starting" }
  | { readonly kind: "live"; readonly engine: QrDecoder["engine"] }
  | { readonly kind: "problem"; readonly problem: CameraProblem };

/** ZXing runs on the main thread: a few frames a second keep the UI responsive. */
const FRAME_GAP_MS = { native: 120, zxing: 250 } as const;

/**
 * A camera that has shown no frame by now is opened again, as a cashier would tap again: some
 * devices (and Chromium's fake camera under load) now and then leave getUserMedia or play()
 * pending for good.
 */
const STALL_MS = 6_000;

let decoder: Promise<QrDecoder> | null = null;
function sharedDecoder(): Promise<QrDecoder> {
  decoder ??= createQrDecoder().catch((error: unknown) => {
    decoder = null;
    throw error;
  });
  return decoder;
}

function useDocumentVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === "visible");
  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState === "visible");
    document.addEventListener("visibilitychange", onChange);
    return () => document.removeEventListener("visibilitychange", onChange);
  }, []);
  return visible;
}

/**
 * Runs the camera while `active` and the page is visible, decoding QR codes from the video and
 * reporting each new one once. Hidden or unmounted, every track is stopped.
 */
export function useQrCamera(
  video: RefObject<HTMLVideoElement | null>,
  facing: Facing,
  active: boolean,
  onCode: (code: string) => void,
) {
  const visible = useDocumentVisible();
  const [status, setStatus] = useState<CameraStatus>({ kind: "off" });
  const [torch, setTorchState] = useState<{ supported: boolean; on: boolean }>({
    supported: false,
    on: false,
  });
  const [attempt, setAttempt] = useState(0);
  const streamRef = useRef<MediaStream | null>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` reopens a stalled or failed camera.
  useEffect(() => {
    if (!active || !visible) {
      setStatus({ kind: "off" });
      return;
    }
    const abort = new AbortController();
    const dedupe = new Dedupe();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sawFrame = false;
    const watchdog = setTimeout(() => {
      if (!sawFrame && !abort.signal.aborted) setAttempt((n) => n + 1);
    }, STALL_MS);
    setStatus({ kind: "starting" });
    // A problem stays on screen until someone taps Retry: reopening a refused camera by itself
    // would flash "starting" over the advice every few seconds.
    let failed = false;
    const fail = (problem: CameraProblem) => {
      failed = true;
      clearTimeout(watchdog);
      clearTimeout(timer);
      setStatus({ kind: "problem", problem });
    };

    void (async () => {
      const [opened, qr] = await Promise.all([
        openCamera(facing, abort.signal),
        sharedDecoder().catch(() => null),
      ]);
      if (!opened.ok) {
        if (opened.problem !== "cancelled") fail(opened.problem);
        return;
      }
      const element = video.current;
      if (abort.signal.aborted || !element || !qr) {
        stopStream(opened.stream);
        if (!qr && !abort.signal.aborted) fail("unknown");
        return;
      }
      streamRef.current = opened.stream;
      // Unplugged, taken by another app, or stopped by the system: say so instead of a frozen frame.
      for (const track of opened.stream.getVideoTracks())
        track.addEventListener("ended", () => {
          if (!abort.signal.aborted) fail("ended");
        });
      element.srcObject = opened.stream;
      await element.play().catch(() => {});
      if (abort.signal.aborted || failed) return;
      setTorchState({ supported: torchSupported(opened.stream), on: false });
      setStatus({ kind: "live", engine: qr.engine });
      const frame = async () => {
        if (abort.signal.aborted || failed) return;
        if (element.readyState >= element.HAVE_CURRENT_DATA && element.videoWidth > 0) {
          sawFrame = true;
          const code = await qr.decode(element).catch(() => null);
          if (abort.signal.aborted || failed) return;
          if (code && dedupe.accept(code, Date.now())) onCodeRef.current(code);
        }
        timer = setTimeout(frame, FRAME_GAP_MS[qr.engine]);
      };
      void frame();
    })();

    return () => {
      abort.abort();
      clearTimeout(timer);
      clearTimeout(watchdog);
      stopStream(streamRef.current);
      streamRef.current = null;
      if (video.current) video.current.srcObject = null;
    };
  }, [active, visible, facing, video, attempt]);

  const toggleTorch = async () => {
    const stream = streamRef.current;
    if (!stream) return;
    const next = !torch.on;
    if (await setTorch(stream, next)) setTorchState({ supported: true, on: next });
  };

  /** Opens the camera again, as after a permission was granted or the other app closed. */
  const retry = () => setAttempt((n) => n + 1);

  return { status, torch, toggleTorch, retry };
}
