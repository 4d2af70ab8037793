/**
 * What went wrong, as data. Switch on `code`; the other fields say which input
 * was at fault so the server can log it or show it to the merchant.
 */
export type PassBuilderErrorInfo =
  | { code: "certificate-expired"; certificate: "signer" | "wwdr"; notAfter: Date }
  | { code: "key-cert-mismatch" }
  | { code: "team-id-mismatch"; expected: string; found: string | null }
  | { code: "pass-type-id-mismatch"; expected: string; found: string | null }
  | { code: "bad-passphrase" }
  | { code: "invalid-certificate"; reason: string }
  | { code: "invalid-pass-data"; reason: string }
  | { code: "invalid-service-account"; reason: string }
  | { code: "invalid-apns-key"; reason: string }
  | { code: "google-auth-failed"; status: number | null; body: string }
  | {
      code: "google-api-failed";
      method: string;
      path: string;
      status: number | null;
      /** True for 429, 5xx and network failures: the same request may succeed later. */
      retryable: boolean;
      body: string;
    };

export type PassBuilderErrorCode = PassBuilderErrorInfo["code"];

/**
 * The only error type this package throws on purpose. Libraries underneath
 * (passkit-generator, Node crypto, fetch) are caught and translated into one of these.
 */
export class PassBuilderError extends Error {
  override readonly name = "PassBuilderError";
  readonly info: PassBuilderErrorInfo;

  constructor(info: PassBuilderErrorInfo, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.info = info;
  }

  get code(): PassBuilderErrorCode {
    return this.info.code;
  }
}

/** Narrows an unknown thrown value to a PassBuilderError, optionally of one code. */
export function isPassBuilderError<C extends PassBuilderErrorCode>(
  error: unknown,
  code?: C,
): error is PassBuilderError & { info: Extract<PassBuilderErrorInfo, { code: C }> } {
  return error instanceof PassBuilderError && (code === undefined || error.info.code === code);
}

export function invalidPassData(reason: string, cause?: unknown): PassBuilderError {
  return new PassBuilderError(
    { code: "invalid-pass-data", reason },
    `Invalid pass data: ${reason}`,
    cause === undefined ? undefined : { cause },
  );
}
