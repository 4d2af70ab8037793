import type { PinVerifier, StaffSignIn } from "@stamp/wire-protocol";

/**
 * The people who work the tills (stamp-core SPEC V9): personal PINs, where each works, and each
 * location's sign-in setting. Staff are never deleted — events name them for good.
 */
export interface StaffStore {
  /** The merchant's current staff (removed ones left out), by name. */
  listStaff(merchantId: string): Promise<StaffRecord[]>;
  /** A current staff member of the merchant, or null. */
  getStaff(merchantId: string, staffId: string): Promise<StaffRecord | null>;
  /** The current staff member who is this admin account, or null. */
  staffOfAdmin(merchantId: string, adminUserId: string): Promise<StaffRecord | null>;
  /** Keeps a new staff member; false when `adminUserId` is already someone's. */
  createStaff(staff: NewStaff): Promise<boolean>;
  /**
   * Renames a current staff member and sets where they work: locations dropped keep their row as
   * removed (events made there before still check), locations added (again) become current.
   */
  updateStaff(
    merchantId: string,
    staffId: string,
    change: {
      readonly name: string;
      readonly locationIds: readonly string[];
      /** A new phone (null: none); left out, the one kept stays. */
      readonly phone?: string | null;
    },
    now: number,
  ): Promise<boolean>;
  /** Sets (or, with null, clears) a current staff member's PIN verifier. */
  setPersonalPin(merchantId: string, staffId: string, pin: PinVerifier | null): Promise<boolean>;
  /** Ends a staff member: gone from lists and tills; their events stay theirs. */
  removeStaff(merchantId: string, staffId: string, now: number): Promise<boolean>;
  /** The current staff of a location who have a PIN: what its tills sign in (device config). */
  tillStaff(merchantId: string, locationId: string): Promise<TillStaffRecord[]>;
  /**
   * Which of `staffIds` ever worked at the location for the merchant — removed staff and
   * locations taken away included, so a till's offline events from before still check.
   */
  knownStaff(
    merchantId: string,
    locationId: string,
    staffIds: readonly string[],
  ): Promise<Set<string>>;
  /** Names of every staff member the merchant ever had, by id, for history and exports. */
  staffNames(merchantId: string): Promise<Map<string, string>>;
  /** The location's till sign-in setting; false when the merchant has no such location. */
  setStaffSignIn(merchantId: string, locationId: string, setting: StaffSignIn): Promise<boolean>;
}

export interface NewStaff {
  readonly id: string;
  readonly merchantId: string;
  readonly name: string;
  /** A phone kept for them, linking their own card (stamp-core SPEC F1); none when left out. */
  readonly phone?: string | null;
  readonly adminUserId: string | null;
  readonly locationIds: readonly string[];
  readonly pin: PinVerifier | null;
  readonly createdAt: number;
}

export interface StaffRecord {
  readonly id: string;
  readonly merchantId: string;
  readonly name: string;
  readonly phone: string | null;
  readonly adminUserId: string | null;
  /** Where they work now. */
  readonly locationIds: readonly string[];
  readonly hasPin: boolean;
  readonly createdAt: number;
}

export interface TillStaffRecord {
  readonly id: string;
  readonly name: string;
  readonly pin: PinVerifier;
}
