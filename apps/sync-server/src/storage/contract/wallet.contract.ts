import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { NO_TAG, passesChangedSince } from "../../wallet/pass-update-tag";
import { MAX_REGISTRATIONS_PER_PASS } from "../stored-bounds";
import type { PushJob } from "../wallet-store";
import {
  append,
  type ContractContext,
  EventMaker,
  newCard,
  newMerchant,
  type TestMerchant,
} from "./harness";

const PASS_TYPE = "pass.dev.stamp.loyalty";

/** Pass versions moved by visible changes only, registrations, and the push outbox. */
export function walletContract(ctx: ContractContext): void {
  const listened = async (merchant: TestMerchant) => {
    const cardId = await newCard(ctx.a.store, merchant);
    const registration = {
      deviceLibraryId: `device-${randomUUID()}`,
      passTypeId: PASS_TYPE,
      cardId,
      pushToken: "ab".repeat(32),
      createdAt: Date.now(),
    };
    expect(await ctx.a.wallet.register(registration)).toBe("created");
    return { cardId, registration };
  };
  const stamp = (merchant: TestMerchant, cardId: string) =>
    append(ctx.a.store, merchant, [new EventMaker(merchant).stamp(cardId)]);
  const mine = (cardId: string) => (jobs: PushJob[]) => jobs.filter((job) => job.cardId === cardId);

  describe("wallet passes", () => {
    it("finds cards and programs by what customers' links carry", async () => {
      const merchant = await newMerchant(ctx.a.store, "Link Cafe");
      const cardId = await newCard(ctx.a.store, merchant);
      expect(await ctx.b.wallet.findCard(cardId)).toMatchObject({
        id: cardId,
        merchantId: merchant.merchantId,
        merchantName: "Link Cafe",
        program: merchant.program,
        state: { cardId, stamps: 0 },
      });
      const [record] = await ctx.a.store.listPrograms(merchant.merchantId);
      expect(await ctx.b.wallet.findProgramBySlug(record?.slug ?? "")).toMatchObject({
        program: merchant.program,
        merchantName: "Link Cafe",
      });
      expect(await ctx.b.wallet.findProgram(merchant.program.id)).toMatchObject({
        slug: record?.slug,
      });
      expect(await ctx.b.wallet.findCard(randomUUID())).toBeNull();
    });

    it("versions a pass when what it shows changes, a whole second later, and only then", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const cardId = await newCard(ctx.a.store, merchant);
      const created = await ctx.b.wallet.getPass(cardId);
      expect(created).toMatchObject({
        cardId,
        merchantId: merchant.merchantId,
        googleObject: false,
      });
      expect(created?.authToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
      await stamp(merchant, cardId);
      const stamped = await ctx.b.wallet.getPass(cardId);
      const second = (ms = 0) => Math.floor(ms / 1000);
      expect(second(stamped?.updatedAt)).toBeGreaterThan(second(created?.updatedAt));
      expect(stamped?.updateSeq).toBeGreaterThan(created?.updateSeq ?? Number.POSITIVE_INFINITY);
      expect(stamped?.authToken).toBe(created?.authToken);
      // An unblock of a card that is not blocked shows nothing new.
      await append(ctx.a.store, merchant, [
        new EventMaker(merchant).make("card.unblocked", cardId, {}),
      ]);
      expect(await ctx.b.wallet.getPass(cardId)).toEqual(stamped);
    });

    it("lists a device's registered passes with versions that grow with each change", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const { cardId, registration } = await listened(merchant);
      expect(await ctx.a.wallet.register(registration)).toBe("existing");
      const device = registration.deviceLibraryId;
      const [first] = await ctx.b.wallet.registeredPasses(device, PASS_TYPE);
      expect(first).toEqual({
        cardId,
        merchantId: merchant.merchantId,
        updateSeq: expect.any(Number),
      });
      await stamp(merchant, cardId);
      const [second] = await ctx.b.wallet.registeredPasses(device, PASS_TYPE);
      expect(second?.updateSeq).toBeGreaterThan(first?.updateSeq ?? Number.POSITIVE_INFINITY);
      expect(await ctx.b.wallet.registrationsOf(cardId)).toEqual([registration]);
      expect(await ctx.a.wallet.unregister(device, PASS_TYPE, cardId)).toBe(true);
      expect(await ctx.a.wallet.unregister(device, PASS_TYPE, cardId)).toBe(false);
      expect(await ctx.b.wallet.registrationsOf(cardId)).toEqual([]);
      expect(await ctx.b.wallet.registeredPasses(device, PASS_TYPE)).toEqual([]);
    });

    it("marks a pass's updates lost only once no device holds it; a new registration brings them back", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const { cardId, registration } = await listened(merchant);
      const second = { ...registration, deviceLibraryId: `device-${randomUUID()}` };
      await ctx.a.wallet.register(second);
      expect((await ctx.b.wallet.getPass(cardId))?.updatesLostAt).toBeNull();
      await ctx.a.wallet.unregister(registration.deviceLibraryId, PASS_TYPE, cardId);
      // Another device still holds it.
      expect(await ctx.a.wallet.markUpdatesLost(cardId, 1000)).toBe(false);
      await ctx.a.wallet.unregister(second.deviceLibraryId, PASS_TYPE, cardId);
      expect(await ctx.b.wallet.markUpdatesLost(cardId, 2000)).toBe(true);
      expect(await ctx.a.wallet.markUpdatesLost(cardId, 3000)).toBe(false);
      expect((await ctx.a.wallet.getPass(cardId))?.updatesLostAt).toBe(2000);
      expect(await ctx.b.wallet.register(registration)).toBe("created");
      expect((await ctx.a.wallet.getPass(cardId))?.updatesLostAt).toBeNull();
    });

    it("keeps at most 10 devices registered per pass, the oldest going first, also when two processes register at once", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const cardId = await newCard(ctx.a.store, merchant);
      const now = Date.now();
      const registrations = Array.from({ length: MAX_REGISTRATIONS_PER_PASS + 3 }, (_, i) => ({
        deviceLibraryId: `device-${i}-${randomUUID()}`,
        passTypeId: PASS_TYPE,
        cardId,
        pushToken: "cd".repeat(32),
        createdAt: now + i,
      }));
      const first = registrations.slice(0, MAX_REGISTRATIONS_PER_PASS);
      for (const r of first) expect(await ctx.a.wallet.register(r)).toBe("created");
      const rest = registrations.slice(MAX_REGISTRATIONS_PER_PASS);
      await Promise.all(rest.map((r, i) => (i % 2 === 0 ? ctx.a : ctx.b).wallet.register(r)));
      const kept = await ctx.b.wallet.registrationsOf(cardId);
      expect(kept.map((r) => r.deviceLibraryId)).toEqual(
        registrations.slice(3).map((r) => r.deviceLibraryId),
      );
      // Another pass's registrations are its own.
      const other = await listened(merchant);
      expect(await ctx.a.wallet.registrationsOf(other.cardId)).toEqual([other.registration]);
    });

    it("reads a push round's targets at once: each card's Google object and devices, oldest first", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const one = await listened(merchant);
      const later = { ...one.registration, deviceLibraryId: `device-${randomUUID()}` };
      await ctx.a.wallet.register({ ...later, createdAt: later.createdAt + 1 });
      const google = await newCard(ctx.a.store, merchant);
      await ctx.a.wallet.markGoogleObject(google);
      const silent = await newCard(ctx.a.store, merchant);
      const targets = await ctx.b.wallet.pushTargets([silent, one.cardId, google, randomUUID()]);
      expect(targets.sort((x, y) => x.cardId.localeCompare(y.cardId))).toEqual(
        [
          {
            cardId: one.cardId,
            googleObject: false,
            registrations: [one.registration, { ...later, createdAt: later.createdAt + 1 }],
          },
          { cardId: google, googleObject: true, registrations: [] },
          { cardId: silent, googleObject: false, registrations: [] },
        ].sort((x, y) => x.cardId.localeCompare(y.cardId)),
      );
      expect(await ctx.b.wallet.pushTargets([])).toEqual([]);
    });

    it("never lets a device that follows its tag miss a change, with two processes writing at once", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const cards = await Promise.all([1, 2, 3, 4].map(() => listened(merchant)));
      const device = `device-${randomUUID()}`;
      for (const { cardId } of cards)
        await ctx.a.wallet.register({
          ...cards[0]?.registration,
          deviceLibraryId: device,
          passTypeId: PASS_TYPE,
          cardId,
          pushToken: "cd".repeat(32),
          createdAt: Date.now(),
        });
      let tag = NO_TAG;
      const follow = async () => {
        const changed = passesChangedSince(
          await ctx.b.wallet.registeredPasses(device, PASS_TYPE),
          tag,
        );
        if (changed) tag = changed.tag;
        return changed?.serials ?? [];
      };
      await follow();
      const seen = new Set<string>();
      const writers = cards.flatMap(({ cardId }, i) =>
        [1, 2, 3].map(() =>
          append((i % 2 === 0 ? ctx.a : ctx.b).store, merchant, [
            new EventMaker(merchant).stamp(cardId),
          ]),
        ),
      );
      const reads = [1, 2, 3].map(async () => {
        for (const serial of await follow()) seen.add(serial);
      });
      await Promise.all([...writers, ...reads]);
      for (const serial of await follow()) seen.add(serial);
      expect([...seen].sort()).toEqual(cards.map((c) => c.cardId).sort());
      expect(await follow()).toEqual([]);
    });

    it("re-versions every pass of a program on an edit, and of the merchant on a location's reminder", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const { cardId } = await listened(merchant);
      const before = await ctx.a.wallet.getPass(cardId);
      const renamed = { ...merchant.program, name: "Coffee club", version: 2 };
      expect(await ctx.a.store.updateProgram(renamed, 1, Date.now())).toBe(true);
      const edited = await ctx.b.wallet.getPass(cardId);
      expect(edited?.updateSeq).toBeGreaterThan(before?.updateSeq ?? Number.POSITIVE_INFINITY);
      expect(await ctx.b.wallet.pushJob(cardId)).toMatchObject({ status: "pending" });

      const reminder = {
        coordinates: { latitude: 52.52, longitude: 13.405 },
        relevantText: "Here",
      };
      expect(
        await ctx.a.wallet.setLocationReminder(
          merchant.merchantId,
          merchant.locationId,
          reminder,
          Date.now(),
        ),
      ).toBe(true);
      expect((await ctx.b.wallet.getPass(cardId))?.updateSeq).toBeGreaterThan(
        edited?.updateSeq ?? 0,
      );
      expect(await ctx.b.wallet.placedLocations(merchant.merchantId)).toEqual([
        {
          id: merchant.locationId,
          name: "Main counter",
          latitude: 52.52,
          longitude: 13.405,
          relevantText: "Here",
        },
      ]);
      const other = await newMerchant(ctx.a.store);
      expect(
        await ctx.a.wallet.setLocationReminder(
          other.merchantId,
          merchant.locationId,
          reminder,
          Date.now(),
        ),
      ).toBe(false);
    });

    it("re-issues every pass of the merchant, and no other merchant's", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const { cardId } = await listened(merchant);
      const { cardId: otherCard } = await listened(other);
      const [before, otherBefore] = [
        await ctx.a.wallet.getPass(cardId),
        await ctx.a.wallet.getPass(otherCard),
      ];
      await ctx.a.wallet.reissuePasses(merchant.merchantId, Date.now());
      expect((await ctx.b.wallet.getPass(cardId))?.updateSeq).toBeGreaterThan(
        before?.updateSeq ?? Number.POSITIVE_INFINITY,
      );
      expect(await ctx.b.wallet.pushJob(cardId)).toMatchObject({ status: "pending" });
      expect(await ctx.b.wallet.getPass(otherCard)).toEqual(otherBefore);
      expect(await ctx.b.wallet.pushJob(otherCard)).toBeNull();
    });

    it("keeps business details; a change re-issues the merchant's passes, the same details do not", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const other = await newMerchant(ctx.a.store);
      const { cardId } = await listened(merchant);
      const { cardId: otherCard } = await listened(other);
      const none = { phone: null, website: null, address: null };
      expect(await ctx.b.store.getBusinessDetails(merchant.merchantId)).toEqual(none);
      expect(await ctx.b.store.getBusinessDetails(randomUUID())).toBeNull();
      const [before, otherBefore] = [
        await ctx.a.wallet.getPass(cardId),
        await ctx.a.wallet.getPass(otherCard),
      ];
      const details = {
        phone: "+49 30 1234 567",
        website: "https://cafe.example/",
        address: "Hauptstraße 1\n10115 Berlin",
      };
      expect(await ctx.a.store.setBusinessDetails(merchant.merchantId, details, Date.now())).toBe(
        true,
      );
      expect(await ctx.b.store.getBusinessDetails(merchant.merchantId)).toEqual(details);
      expect(await ctx.b.store.getBusinessDetails(other.merchantId)).toEqual(none);
      expect(await ctx.b.store.getMerchant(merchant.merchantId)).toEqual({
        id: merchant.merchantId,
        name: expect.any(String),
        createdAt: expect.any(Number),
      });
      const changed = await ctx.b.wallet.getPass(cardId);
      expect(changed?.updateSeq).toBeGreaterThan(before?.updateSeq ?? Number.POSITIVE_INFINITY);
      expect(await ctx.b.wallet.pushJob(cardId)).toMatchObject({ status: "pending" });
      expect(await ctx.b.wallet.getPass(otherCard)).toEqual(otherBefore);
      expect(await ctx.b.wallet.pushJob(otherCard)).toBeNull();

      // Saving the same details again is no news: no new version, no spurious push.
      expect(await ctx.a.store.setBusinessDetails(merchant.merchantId, details, Date.now())).toBe(
        true,
      );
      expect(await ctx.b.wallet.getPass(cardId)).toEqual(changed);
      expect(await ctx.a.store.setBusinessDetails(randomUUID(), details, Date.now())).toBe(false);
      expect(await ctx.a.store.setBusinessDetails(merchant.merchantId, none, Date.now())).toBe(
        true,
      );
      expect(await ctx.b.store.getBusinessDetails(merchant.merchantId)).toEqual(none);
    });

    it("marks a card's Google object and the notice it was sent", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const cardId = await newCard(ctx.a.store, merchant);
      await ctx.a.wallet.markGoogleObject(cardId);
      await ctx.a.wallet.markGoogleNotice(cardId, "earned-1");
      expect(await ctx.b.wallet.getPass(cardId)).toMatchObject({
        googleObject: true,
        googleNotice: "earned-1",
      });
      // A Google object listens: a change queues a push.
      await stamp(merchant, cardId);
      expect(await ctx.b.wallet.pushJob(cardId)).toMatchObject({ status: "pending" });
    });
  });

  describe("push outbox", () => {
    it("coalesces the changes of one card into one job", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const { cardId } = await listened(merchant);
      expect(await ctx.a.wallet.pushJob(cardId)).toBeNull();
      const counted = await ctx.a.wallet.countPushJobs();
      await stamp(merchant, cardId);
      await stamp(merchant, cardId);
      expect(await ctx.a.wallet.pushJob(cardId)).toMatchObject({
        status: "pending",
        generation: 2,
      });
      expect(await ctx.b.wallet.countPushJobs()).toEqual({
        ...counted,
        pending: counted.pending + 1,
      });
      const claimed = mine(cardId)(await ctx.a.wallet.claimPushJobs(Date.now(), 60_000, 100));
      expect(claimed).toHaveLength(1);
      await ctx.a.wallet.completePushJob(claimed[0] as PushJob);
      expect(await ctx.a.wallet.pushJob(cardId)).toBeNull();
      expect(await ctx.b.wallet.countPushJobs()).toEqual(counted);
    });

    it("gives a due job to one process only, and to another once the lease runs out", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const { cardId } = await listened(merchant);
      await stamp(merchant, cardId);
      const now = Date.now();
      const [first, second] = await Promise.all([
        ctx.a.wallet.claimPushJobs(now, 60_000, 100),
        ctx.b.wallet.claimPushJobs(now, 60_000, 100),
      ]);
      expect([...mine(cardId)(first ?? []), ...mine(cardId)(second ?? [])]).toHaveLength(1);
      const retaken = mine(cardId)(await ctx.b.wallet.claimPushJobs(now + 60_001, 60_000, 100));
      expect(retaken).toMatchObject([{ cardId, attempts: 2 }]);
      await ctx.b.wallet.completePushJob(retaken[0] as PushJob);
      expect(await ctx.a.wallet.pushJob(cardId)).toBeNull();
    });

    it("keeps the job when the card changed while it was being sent, one by one or in a round", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const changed = (await listened(merchant)).cardId;
      const roundChanged = (await listened(merchant)).cardId;
      const roundDone = (await listened(merchant)).cardId;
      for (const cardId of [changed, roundChanged, roundDone]) await stamp(merchant, cardId);
      const claimed = await ctx.a.wallet.claimPushJobs(Date.now(), 60_000, 1000);
      const jobOf = (cardId: string) => mine(cardId)(claimed)[0] as PushJob;
      await stamp(merchant, changed);
      await ctx.a.wallet.completePushJob(jobOf(changed));
      await stamp(merchant, roundChanged);
      const at = Date.now();
      await ctx.b.wallet.finishPushJobs(
        [roundChanged, roundDone].map((cardId) => ({
          job: jobOf(cardId),
          outcome: { kind: "done" },
          reached: true,
          failures: 0,
          at,
        })),
      );
      for (const cardId of [changed, roundChanged])
        expect(await ctx.a.wallet.pushJob(cardId)).toMatchObject({
          status: "pending",
          generation: 2,
          attempts: 0,
        });
      expect(await ctx.a.wallet.pushJob(roundDone)).toBeNull();
    });

    it("retries a job later, records a failure, and revives it with the next change", async () => {
      const merchant = await newMerchant(ctx.a.store);
      const { cardId } = await listened(merchant);
      await stamp(merchant, cardId);
      const now = Date.now();
      const [job] = mine(cardId)(await ctx.a.wallet.claimPushJobs(now, 60_000, 100));
      await ctx.a.wallet.retryPushJob(job as PushJob, now + 5_000, "apns: 503");
      expect(mine(cardId)(await ctx.b.wallet.claimPushJobs(now + 1_000, 60_000, 100))).toEqual([]);
      expect(await ctx.b.wallet.pushJob(cardId)).toMatchObject({
        dueAt: now + 5_000,
        lastError: "apns: 503",
      });
      const [again] = mine(cardId)(await ctx.b.wallet.claimPushJobs(now + 5_000, 60_000, 100));
      expect(again).toMatchObject({ attempts: 2 });
      await ctx.b.wallet.failPushJob(again as PushJob, "gave up");
      expect(await ctx.a.wallet.pushJob(cardId)).toMatchObject({
        status: "failed",
        lastError: "gave up",
      });
      expect(mine(cardId)(await ctx.a.wallet.claimPushJobs(now + 3600_000, 60_000, 100))).toEqual(
        [],
      );
      await stamp(merchant, cardId);
      expect(await ctx.a.wallet.pushJob(cardId)).toMatchObject({ status: "pending", attempts: 0 });
    });
  });
}
