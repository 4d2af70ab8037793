import type { CardState, Program } from "@stamp/core";
import type { LocationReminder } from "../wallet/location-reminder";
import type { PassVersion } from "../wallet/pass-update-tag";
import type { BusinessDetails } from "./store";

/**
 * What the wallet service keeps beside the cards: pass versions, the devices listening for them,
 * and the push outbox. Pass versions and push jobs are written with the change that moves them, in
 * its transaction (`append/card-write.ts` decides for a card; program and location edits version
 * every pass they show on); this contract reads them and moves jobs along.
 */
export interface WalletStore {
  /** A card by its unguessable id alone: the customer's links carry no merchant. */
  findCard(cardId: string): Promise<PublicCard | null>;
  findProgramBySlug(slug: string): Promise<JoinProgram | null>;
  findProgram(programId: string): Promise<JoinProgram | null>;
  getPass(cardId: string): Promise<PassRecord | null>;
  /** Locations of the merchant that have coordinates, oldest first. */
  placedLocations(merchantId: string): Promise<PlacedLocation[]>;
  /**
   * Locations are on every pass of the merchant: a changed one gives each a new version (and a push
   * where a wallet listens) in the same transaction.
   */
  setLocationReminder(
    merchantId: string,
    locationId: string,
    reminder: LocationReminder,
    now: number,
  ): Promise<boolean>;
  /**
   * Every pass of the merchant gets a new version (and a push where a wallet listens), as after a
   * location edit: for what the passes carry outside the database (a rotated barcode secret).
   */
  reissuePasses(merchantId: string, now: number): Promise<void>;
  markGoogleObject(cardId: string): Promise<void>;
  /** The card's notice `noticeId` reached its Google object as a message. */
  markGoogleNotice(cardId: string, noticeId: string): Promise<void>;

  // PassKit web service
  /** A device listens for a pass; beyond MAX_REGISTRATIONS_PER_PASS, the pass's oldest go. */
  register(registration: Registration): Promise<"created" | "existing">;
  unregister(deviceLibraryId: string, passTypeId: string, cardId: string): Promise<boolean>;
  /**
   * APNs answered that a device gave the card's pass up: when no Apple device holds it any more,
   * the pass's `updatesLostAt` becomes `at` (kept if set). True when it is set now.
   */
  markUpdatesLost(cardId: string, at: number): Promise<boolean>;
  /** The passes the device registered for, with their versions (see wallet/pass-update-tag). */
  registeredPasses(deviceLibraryId: string, passTypeId: string): Promise<PassVersion[]>;
  registrationsOf(cardId: string): Promise<Registration[]>;

  // Push outbox
  claimPushJobs(now: number, leaseMs: number, limit: number): Promise<PushJob[]>;
  /**
   * Where a round's pushes go, in one read: per card that has a pass, whether a Google object
   * holds it and the Apple devices registered for it (oldest first). Cards without a pass are left
   * out.
   */
  pushTargets(cardIds: readonly string[]): Promise<PushTarget[]>;
  /** Done: gone, unless the card changed again while it was being sent. */
  completePushJob(job: PushJob): Promise<void>;
  retryPushJob(job: PushJob, dueAt: number, error: string): Promise<void>;
  failPushJob(job: PushJob, error: string): Promise<void>;
  /**
   * A round's outcomes in one transaction (a commit per job would cost a disk flush each): every
   * job completed, retried or failed as above, and the campaign messages of each card that a
   * wallet took marked pushed, the refusals met added to their reports.
   */
  finishPushJobs(finished: readonly FinishedPush[]): Promise<void>;
  pushJob(cardId: string): Promise<PushJobRecord | null>;
  /** Push jobs of every merchant waiting to be sent, and those that gave up: for metrics. */
  countPushJobs(): Promise<{ readonly pending: number; readonly failed: number }>;
}

export interface PublicCard {
  readonly id: string;
  readonly merchantId: string;
  readonly merchantName: string;
  /** How customers reach the merchant (pass back, web card). */
  readonly business: BusinessDetails;
  readonly code: string;
  /** Its short number (stamp-core SPEC N1), digits only. */
  readonly number: string;
  readonly state: CardState;
  readonly program: Program;
  readonly updatedAt: number;
}

export interface JoinProgram {
  readonly program: Program;
  readonly slug: string;
  readonly merchantName: string;
  /** How customers reach the merchant (the join page's foot). */
  readonly business: BusinessDetails;
}

export interface PassRecord {
  readonly cardId: string;
  readonly merchantId: string;
  readonly authToken: string;
  readonly updatedAt: number;
  readonly updateSeq: number;
  readonly googleObject: boolean;
  /** The last notice sent to the Google object (null: none yet). */
  readonly googleNotice: string | null;
  /**
   * When the card stopped updating on phones: APNs answered 410 for the last Apple device holding
   * its pass. Null: it updates (or never was in a wallet). Adding it to a wallet again clears it.
   */
  readonly updatesLostAt: number | null;
  /** The newest campaign message the card got (null: none). */
  readonly message: PassMessage | null;
}

/** A campaign's message as a pass shows it. */
export interface PassMessage {
  /** The campaign's id. */
  readonly id: string;
  readonly texts: Readonly<Record<string, string>>;
  /** When it was queued for this card. */
  readonly at: number;
}

export interface PlacedLocation {
  readonly id: string;
  readonly name: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly relevantText: string | null;
}

export interface Registration {
  readonly deviceLibraryId: string;
  readonly passTypeId: string;
  readonly cardId: string;
  readonly pushToken: string;
  readonly createdAt: number;
}

export interface PushTarget {
  readonly cardId: string;
  readonly googleObject: boolean;
  readonly registrations: readonly Registration[];
}

export interface PushJob {
  readonly cardId: string;
  readonly merchantId: string;
  readonly generation: number;
  /** Including this one. */
  readonly attempts: number;
}

export type PushOutcome =
  | { readonly kind: "done" }
  | { readonly kind: "retry"; readonly dueAt: number; readonly error: string }
  | { readonly kind: "failed"; readonly error: string };

export interface FinishedPush {
  readonly job: PushJob;
  readonly outcome: PushOutcome;
  /** A wallet (an Apple device or the Google object) took the update. */
  readonly reached: boolean;
  /** APNs devices and Google calls that refused. */
  readonly failures: number;
  readonly at: number;
}

export interface PushJobRecord extends PushJob {
  readonly status: "pending" | "failed";
  readonly dueAt: number;
  readonly lastError: string | null;
}
