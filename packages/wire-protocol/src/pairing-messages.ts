import { decodeBase64url, NON_EMPTY_TEXT, ProgramSchema } from "@stamp/core";
import * as v from "valibot";
import { StaffPinHashSchema } from "./staff-pin";
import { NO_STAFF_SIGN_IN, StaffSignInSchema, TillStaffSchema } from "./staff-sign-in";

export const DEVICE_MODES = ["staff", "kiosk", "autopilot"] as const;
export type DeviceMode = (typeof DEVICE_MODES)[number];

/** `POST /api/v1/devices/pair`: a pairing code from the admin, the till's name and mode. */
export const PairRequestSchema = v.strictObject({
  code: v.pipe(v.string(), v.minLength(1, "must not be empty"), v.maxLength(32, "is too long")),
  name: NON_EMPTY_TEXT(60),
  mode: v.picklist(DEVICE_MODES, `must be one of ${DEVICE_MODES.join(", ")}`),
});

export type PairRequest = v.InferOutput<typeof PairRequestSchema>;

/** Only web links: the kiosk draws them as a QR for customers to open. */
const JOIN_LINK = v.pipe(v.string(), v.regex(/^https?:\/\/\S+$/, "must be an http(s) link"));

const NamedRefSchema = v.object({ id: v.string(), name: v.string() });

/** A card-code verification key (EC P-256 public JWK); keys of other kinds are passed over. */
const JwkSchema = v.object({
  kty: v.string(),
  crv: v.exactOptional(v.string()),
  x: v.exactOptional(v.string()),
  y: v.exactOptional(v.string()),
  kid: v.exactOptional(v.string()),
  alg: v.exactOptional(v.string()),
  use: v.exactOptional(v.string()),
});

/** A merchant's rotating-barcode secret (stamp-core SPEC K10): at least 16 bytes, base64url. */
const RotatingBarcodeKeySchema = v.object({
  kid: v.string(),
  key: v.pipe(
    v.string(),
    v.check(
      (text) => (decodeBase64url(text)?.length ?? 0) >= 16,
      "must be a key of at least 16 bytes, base64url",
    ),
  ),
});

/**
 * `GET /api/v1/devices/me` (and the pairing answer, which adds `token`): what a paired till keeps
 * to work offline — its scope, the programs to fold cards with, the keys to verify card codes
 * with, and the staff PIN hash. A till must never be paired with programs it cannot fold: one
 * program this version cannot read fails the whole answer.
 */
export const DeviceConfigSchema = v.object({
  deviceId: v.string(),
  name: v.string(),
  mode: v.nullable(v.string()),
  merchant: NamedRefSchema,
  location: NamedRefSchema,
  programs: v.array(ProgramSchema),
  /**
   * Each program's join page by program id: the QR a kiosk shows customers who have no card.
   * Servers from before it existed leave it out.
   */
  joinLinks: v.optional(v.record(v.string(), JOIN_LINK), {}),
  jwks: v.object({ keys: v.pipe(v.array(JwkSchema), v.readonly()) }),
  /**
   * The merchant's secrets for Google cards' rotating barcodes still accepted, the current one
   * first (stamp-core SPEC K9–K11): the till checks a rotating scan offline with them. Servers from
   * before them leave it out.
   */
  rotatingBarcodeKeys: v.optional(v.array(RotatingBarcodeKeySchema), []),
  staffPin: StaffPinHashSchema,
  /**
   * The location's staff with their PIN verifiers, so a till signs people in offline (protocol 3).
   * Servers from before personal PINs leave it out.
   */
  staff: v.optional(v.array(TillStaffSchema), []),
  staffSignIn: v.optional(StaffSignInSchema, NO_STAFF_SIGN_IN),
  /** The server's clock when it answered, for the clock-skew warning. */
  serverTime: v.string(),
});

export type DeviceConfigAnswer = v.InferOutput<typeof DeviceConfigSchema>;

export const PairAnswerSchema = v.object({
  ...DeviceConfigSchema.entries,
  /** The device's bearer token for every later request. */
  token: v.string(),
});

export type PairAnswer = v.InferOutput<typeof PairAnswerSchema>;
