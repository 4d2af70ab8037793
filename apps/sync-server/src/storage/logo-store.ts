import type { PreparedLogo } from "../logos/logo-image";

/** A program's logo as stored: its renditions, and when it was put up. */
export interface StoredLogo extends PreparedLogo {
  readonly programId: string;
  readonly createdAt: number;
}

/** What putting up or taking down a logo did. */
export type LogoChange =
  /** The program was saved as `version`: its passes are re-versioned and pushed. */
  | { readonly kind: "changed"; readonly version: number }
  /** The same file was up already (or none was, for a removal): nothing was written. */
  | { readonly kind: "unchanged"; readonly version: number }
  | { readonly kind: "not-found" };

/** Programs' logos. */
export interface LogoStore {
  /**
   * Puts up `logo` as the program's logo, or with null takes it down, and saves the program as its
   * next version in the same transaction: the program-edit path (`updateProgram`), so every pass of
   * the program gets a new version and a push where a wallet listens, and the Google class is
   * upserted again. The same file twice changes nothing.
   */
  setProgramLogo(
    merchantId: string,
    programId: string,
    logo: PreparedLogo | null,
    now: number,
  ): Promise<LogoChange>;
  /** The program's logo, or null when it has none (today's look). */
  programLogo(programId: string): Promise<StoredLogo | null>;
}
