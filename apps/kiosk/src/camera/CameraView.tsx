import { type ReactNode, useRef } from "react";
import { useT } from "../app/hooks";
import { Icon } from "../ui/icons";
import { CameraTrouble } from "./CameraTrouble";
import type { Facing } from "./camera-stream";
import { useQrCamera } from "./use-qr-camera";

/**
 * The camera preview with a viewfinder, its state in words, and a torch toggle where it exists.
 * Without a picture it gives its place to what went wrong, Try again and `help` (other ways in).
 */
export function CameraView({
  facing,
  active,
  onCode,
  mirrored = facing === "user",
  audience = "staff",
  help,
}: {
  readonly facing: Facing;
  readonly active: boolean;
  readonly onCode: (code: string) => void;
  readonly mirrored?: boolean;
  readonly audience?: "staff" | "customer";
  readonly help?: ReactNode;
}) {
  const { t } = useT();
  const video = useRef<HTMLVideoElement>(null);
  const { status, torch, toggleTorch, retry } = useQrCamera(video, facing, active, onCode);
  if (status.kind === "problem")
    return (
      <CameraTrouble problem={status.problem} audience={audience} onRetry={retry} help={help} />
    );
  return (
    <div className="camera" data-state={status.kind}>
      <video
        ref={video}
        className={mirrored ? "camera__video camera__video--mirrored" : "camera__video"}
        playsInline
        muted
        autoPlay
        data-testid="camera-video"
      />
      <div className="camera__finder" aria-hidden="true" />
      <p className="camera__status" aria-live="polite">
        {status.kind === "starting" && t("camera.starting")}
        {status.kind === "live" && t("camera.live")}
      </p>
      {torch.supported && (
        <button
          type="button"
          className={torch.on ? "camera__torch camera__torch--on" : "camera__torch"}
          onClick={() => void toggleTorch()}
          aria-pressed={torch.on}
          aria-label={t("camera.torch")}
        >
          <Icon name="flash" />
        </button>
      )}
    </div>
  );
}
