import type { RejectionCode } from "@stamp/core";

export interface Rejection {
  readonly code: RejectionCode;
  readonly message: string;
}

export function rejection(code: RejectionCode, message: string): Rejection {
  return { code, message };
}
