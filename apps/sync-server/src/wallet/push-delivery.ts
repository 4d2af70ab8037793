import {
  type GoogleWalletClient,
  isPassBuilderError,
  type PatchedObject,
  type WalletMessage,
} from "@stamp/pass-builder";
import type { Logger } from "../logger";
import type { GoogleObjectSeen, PassRecord, PushJob, PushTarget } from "../storage/wallet-store";
import type { Wallet } from "./open-wallet";

/** How one push job's delivery went, for the worker to record (and back off from, on a retry). */
export type Delivery = (
  | { readonly kind: "done" }
  | { readonly kind: "retry"; readonly reason: string; readonly afterMs: number }
) & {
  /** A wallet (an Apple device or the Google object) took the update. */
  readonly reached: boolean;
  /** APNs devices and Google calls that refused. */
  readonly failures: number;
};

/** What a delivery works with: the wallet's clients and store, the log, the clock. */
export interface DeliveryContext {
  readonly wallet: Wallet;
  readonly logger: Logger;
  readonly now: () => number;
}

/**
 * Tells every device registered for the job's card through APNs and PATCHes its Google object (and
 * posts its news as a message); a device that gave the pass up is unregistered. What refused for
 * now comes back as a retry, with the longest wait asked for.
 */
export async function deliverPush(
  { wallet, logger, now }: DeliveryContext,
  job: PushJob,
  target: PushTarget | null,
): Promise<Delivery> {
  const { store, passes, apns, google } = wallet;
  // An Apple push names no content, so most jobs never build the card. No pass: nothing listens.
  if (!target) return { kind: "done", reached: false, failures: 0 };
  const retries: { reason: string; afterMs: number }[] = [];
  let reached = false;
  let failures = 0;
  if (apns) {
    const results = await Promise.all(
      target.registrations.map(async (registration) => ({
        registration,
        result: await apns.sendPassUpdate(registration.pushToken, registration.passTypeId),
      })),
    );
    for (const { registration, result } of results) {
      switch (result.status) {
        case "ok":
          reached = true;
          break;
        case "unregistered":
          // The device gave the pass up (or the token died): stop pushing to it.
          failures += 1;
          await store.unregister(registration.deviceLibraryId, registration.passTypeId, job.cardId);
          // The last device gone: the till tells the customer to add the card again.
          await store.markUpdatesLost(job.cardId, now());
          break;
        case "retry":
          failures += 1;
          retries.push({
            reason: `apns: ${result.reason}`,
            afterMs: (result.retryAfterSeconds ?? 0) * 1000,
          });
          break;
        case "failed":
          failures += 1;
          logger.warn(
            { cardId: job.cardId, httpStatus: result.httpStatus, reason: result.reason },
            "APNs refused a pass update",
          );
          break;
        default: {
          const unreachable: never = result;
          throw new Error(`unknown APNs result ${JSON.stringify(unreachable)}`);
        }
      }
    }
  }
  const source = google && target.googleObject ? await passes.source(job.cardId) : null;
  if (google && source) {
    const object = await passes.googleObject(source);
    try {
      // A program edit changes the class (name, colours) as well as the objects.
      await passes.ensureGoogleClass(source);
      const patched = await google.patchObject(object.id, {
        state: object.state,
        loyaltyPoints: object.loyaltyPoints,
        textModulesData: object.textModulesData,
        ...(object.linksModuleData ? { linksModuleData: object.linksModuleData } : {}),
        barcode: object.barcode ?? null,
        rotatingBarcode: object.rotatingBarcode ?? null,
      });
      const seen = googleObjectSeen(patched, source.pass);
      if (seen) await store.noteGoogleObject(job.cardId, seen, now());
      if (patched.kind === "missing") {
        // Gone at Google: nothing to tell it; the till asks the customer to save the card again.
        failures += 1;
        logger.warn({ cardId: job.cardId }, "Google has no object for a pass");
        return delivered(retries, reached, failures);
      }
      reached = true;
      // News (a reward earned, one about to expire, a campaign) reaches the phone once, as a message.
      const message = await passes.googleMessage(source);
      if (message && message.id !== source.pass.googleNotice) {
        await sendMessage(google, object.id, message);
        await store.markGoogleNotice(job.cardId, message.id);
      }
    } catch (error) {
      failures += 1;
      const info = isPassBuilderError(error) ? error.info : null;
      if (info?.code === "google-api-failed" && !info.retryable) {
        logger.warn({ cardId: job.cardId, err: error }, "Google refused a pass update");
      } else {
        retries.push({ reason: `google: ${String(error)}`, afterMs: 0 });
      }
    }
  }
  return delivered(retries, reached, failures);
}

/**
 * Google notifies a pass at most 3 times a day and answers 429 past that: the news still goes on
 * the card's back, as a plain message.
 */
async function sendMessage(
  google: GoogleWalletClient,
  objectId: string,
  message: WalletMessage,
): Promise<void> {
  try {
    await google.addMessage(objectId, message);
  } catch (error) {
    if (!isPassBuilderError(error, "google-api-failed") || error.info.status !== 429) throw error;
    await google.addMessage(objectId, { ...message, messageType: "TEXT" });
  }
}

/** A round's delivery from the retries it met (none: done). */
function delivered(
  retries: readonly { reason: string; afterMs: number }[],
  reached: boolean,
  failures: number,
): Delivery {
  const first = retries[0];
  if (!first) return { kind: "done", reached, failures };
  return {
    kind: "retry",
    reason: retries.map((r) => r.reason).join("; "),
    afterMs: Math.max(...retries.map((r) => r.afterMs), first.afterMs),
    reached,
    failures,
  };
}

/**
 * What Google's answer changes in what the server knows of the object, or null when nothing (so a
 * push round writes nothing for an object as it was).
 */
function googleObjectSeen(patched: PatchedObject, pass: PassRecord): GoogleObjectSeen | null {
  if (patched.kind === "missing") return "missing";
  if (patched.hasUsers === true)
    return pass.googleUsers === true && pass.googleLostAt === null ? null : "saved";
  if (patched.hasUsers === false) return pass.googleUsers === false ? null : "unsaved";
  return null;
}
