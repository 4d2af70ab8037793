export type Facing = "environment" | "user";

/** Why there is no picture: each has its own words and its own advice on the screen. */
export const CAMERA_PROBLEMS = [
  "denied",
  "not-found",
  "in-use",
  "ended",
  "insecure",
  "unknown",
] as const;
export type CameraProblem = (typeof CAMERA_PROBLEMS)[number];

export type CameraOpen =
  | { readonly ok: true; readonly stream: MediaStream }
  | { readonly ok: false; readonly problem: CameraProblem }
  | { readonly ok: false; readonly problem: "cancelled" };

export function stopStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

function problemOf(error: unknown): CameraProblem {
  const name = error instanceof DOMException ? error.name : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return "denied";
    case "NotFoundError":
    case "OverconstrainedError":
      return "not-found";
    case "NotReadableError":
    case "AbortError":
      return "in-use";
    default:
      return "unknown";
  }
}

/**
 * Opens the camera facing the given way (facingMode rather than device ids, which iOS changes).
 * If the caller gave up while the permission prompt was open, the stream that arrives late is
 * stopped at once, so the camera light never stays on (zxing browser #28).
 */
export async function openCamera(facing: Facing, signal: AbortSignal): Promise<CameraOpen> {
  if (!navigator.mediaDevices?.getUserMedia) return { ok: false, problem: "insecure" };
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: {
        facingMode: { ideal: facing },
        width: { ideal: 1280 },
        height: { ideal: 720 },
      },
    });
  } catch (error) {
    return signal.aborted
      ? { ok: false, problem: "cancelled" }
      : { ok: false, problem: problemOf(error) };
  }
  if (signal.aborted) {
    stopStream(stream);
    return { ok: false, problem: "cancelled" };
  }
  return { ok: true, stream };
}

interface TorchCapabilities extends MediaTrackCapabilities {
  readonly torch?: boolean;
}

export function torchSupported(stream: MediaStream): boolean {
  const track = stream.getVideoTracks()[0];
  const capabilities = track?.getCapabilities?.() as TorchCapabilities | undefined;
  return capabilities?.torch === true;
}

export async function setTorch(stream: MediaStream, on: boolean): Promise<boolean> {
  const track = stream.getVideoTracks()[0];
  if (!track) return false;
  try {
    await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
    return true;
  } catch {
    return false;
  }
}
