// The keyboard-wedge scanner listener, as the kiosk app uses it.
export { CALIBRATION_OPTIONS, type Calibration, calibrate } from "./calibrate";
export type { CompleteCodeTest } from "./wedge-detector";
export type { RejectReason, WedgeEvent } from "./wedge-event";
export { attachWedge } from "./wedge-listener";
export {
  type CapsLockMode,
  DEFAULT_WEDGE_OPTIONS,
  resolveWedgeOptions,
  type SuffixKey,
  type WedgeOptions,
} from "./wedge-options";
