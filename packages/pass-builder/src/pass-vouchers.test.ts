import type { walletobjects_v1 } from "@googleapis/walletobjects";
import { beforeAll, describe, expect, it } from "vitest";
import type { ApplePassBuilder } from "./apple-pass";
import {
  buildLoyaltyClass,
  buildLoyaltyMessage,
  buildLoyaltyObject,
  type LoyaltyClass,
  type LoyaltyObject,
  type LoyaltyObjectPatch,
  type WalletMessage,
} from "./google-wallet";
import {
  devPassBuilder,
  englishTexts,
  ROTATING,
  SAMPLE_WEB_CARD,
  sampleCard,
  sampleDesign,
} from "./test-fixtures";
import { opensslVerify, parseStrings, unzip } from "./testing/pkpass";
import type { CardSnapshot } from "./wallet-input";

/**
 * True when every field of `Ours` is a field of Google's published type `Theirs` (from
 * @googleapis/walletobjects, generated from the Wallet API's discovery document), with a value
 * that fits, all the way down: a misspelt or misshapen field fails the type check.
 */
type Conforms<Ours, Theirs> = [Ours] extends [readonly (infer Item)[]]
  ? NonNullable<Theirs> extends readonly (infer TheirItem)[]
    ? Conforms<Item, TheirItem>
    : false
  : [Ours] extends [object]
    ? [Exclude<keyof Ours, keyof NonNullable<Theirs>>] extends [never]
      ? {
          [K in keyof Ours]-?: Conforms<
            NonNullable<Ours[K]>,
            NonNullable<Theirs>[K & keyof NonNullable<Theirs>]
          >;
        }[keyof Ours] extends true
        ? true
        : false
      : false
    : [Ours] extends [NonNullable<Theirs>]
      ? true
      : false;

const objectConforms: Conforms<LoyaltyObject, walletobjects_v1.Schema$LoyaltyObject> = true;
const classConforms: Conforms<LoyaltyClass, walletobjects_v1.Schema$LoyaltyClass> = true;
const messageConforms: Conforms<WalletMessage, walletobjects_v1.Schema$Message> = true;
const patchConforms: Conforms<LoyaltyObjectPatch, walletobjects_v1.Schema$LoyaltyObject> = true;
// The check itself can fail: a field Google does not have is caught.
const misspelt: Conforms<{ barcode: { valu: string } }, walletobjects_v1.Schema$LoyaltyObject> =
  false;

const ISSUER = "3388000000022222222";
const earnedAt = new Date("2026-03-01T10:00:00Z");

function withVouchers(overrides: Partial<CardSnapshot> = {}): CardSnapshot {
  return sampleCard({
    stamps: 1,
    rewardsReady: 2,
    vouchers: [
      {
        key: "1",
        title: "Free cake",
        prizeHidden: false,
        earnedAt,
        validUntil: new Date("2026-04-01T10:00:00Z"),
        code: "4006381333931",
      },
      { key: "2", title: "Lucky draw", prizeHidden: true, earnedAt },
    ],
    barcode: { format: "ean13", message: "4006381333931", altText: "4006381333931" },
    notice: { id: "earned-2", kind: "earned", reward: "Lucky draw" },
    ...overrides,
  });
}

describe("vouchers on the wallet cards", () => {
  let builder: ApplePassBuilder;
  let caCertPath: string;

  beforeAll(async () => {
    ({ builder, caCertPath } = await devPassBuilder(() => earnedAt));
  });

  it("the Apple pass lists each reward on its back, shows the voucher's code in front, and still verifies with openssl cms", async () => {
    const files = await unzip(await builder.build(sampleDesign(), withVouchers()));
    const verified = await opensslVerify(files, caCertPath);
    expect(verified.ok, verified.output).toBe(true);
    const pass = JSON.parse(String(files.get("pass.json")));
    expect(pass.barcodes).toEqual([
      {
        format: "PKBarcodeFormatCode128",
        message: "4006381333931",
        altText: "4006381333931",
        messageEncoding: "iso-8859-1",
      },
    ]);
    expect(pass.storeCard.backFields).toEqual([
      { key: "notice", label: "News", value: "You earned: Lucky draw", changeMessage: "%@" },
      {
        key: "voucher-1",
        label: "Your reward",
        value: "Free cake\nEarned Mar 1, 2026\nValid until Apr 1, 2026\nCode: 4006381333931",
      },
      {
        key: "voucher-2",
        label: "Your reward",
        value: "Lucky draw: a prize is waiting, open your card to reveal it\nEarned Mar 1, 2026",
      },
      { key: "earn", label: "How to earn", value: "One stamp per coffee." },
      { key: "terms", label: "Terms", value: "One stamp per visit.\nNot cumulable." },
      { key: "web-card", label: "Your card online", value: SAMPLE_WEB_CARD },
    ]);
    expect(pass.storeCard.secondaryFields[1]).toMatchObject({ value: "2 rewards ready" });
    const german = parseStrings(String(files.get("de.lproj/pass.strings")));
    expect(german.get("You earned: Lucky draw")).toBe("Verdient: Lucky draw");
    expect(german.get(pass.storeCard.backFields[1].value)).toBe(
      "Free cake\nVerdient am 01.03.2026\nGültig bis 01.04.2026\nCode: 4006381333931",
    );
  });

  it("one reward ready names it in the status, whose change is the lock-screen message", async () => {
    const card = withVouchers({ rewardsReady: 1 });
    const oneReady = { ...card, vouchers: card.vouchers?.slice(0, 1) ?? [] };
    const design = sampleDesign({
      texts: { en: { ...englishTexts, statusOneReady: "Ready: {reward}" } },
    });
    const pass = JSON.parse(
      String((await unzip(await builder.build(design, oneReady))).get("pass.json")),
    );
    expect(pass.storeCard.secondaryFields[1]).toEqual({
      key: "status",
      label: "Status",
      value: "Ready: Free cake",
      changeMessage: "Status: %@",
    });
  });

  it("the Google object lists the rewards and shows the EAN-13 in front; its notice is a notifying message", () => {
    const object = buildLoyaltyObject(sampleDesign(), withVouchers(), { issuerId: ISSUER });
    expect(object.barcode).toEqual({
      type: "EAN_13",
      value: "4006381333931",
      alternateText: "4006381333931",
    });
    expect(object.textModulesData.map((m) => m.id)).toEqual([
      "reward",
      "status",
      "voucher-1",
      "voucher-2",
      "earn",
      "terms",
      "number",
    ]);
    expect(object.textModulesData[2]?.localizedBody.translatedValues?.[0]).toEqual({
      language: "de",
      value: "Free cake\nVerdient am 01.03.2026\nGültig bis 01.04.2026\nCode: 4006381333931",
    });
    expect(buildLoyaltyMessage(sampleDesign(), withVouchers())).toEqual({
      id: "earned-2",
      header: "News",
      body: "You earned: Lucky draw",
      localizedHeader: {
        defaultValue: { language: "en", value: "News" },
        translatedValues: [{ language: "de", value: "Neuigkeiten" }],
      },
      localizedBody: {
        defaultValue: { language: "en", value: "You earned: Lucky draw" },
        translatedValues: [{ language: "de", value: "Verdient: Lucky draw" }],
      },
      messageType: "TEXT_AND_NOTIFY",
    });
    expect(buildLoyaltyMessage(sampleDesign(), sampleCard())).toBeNull();
  });

  it("says on the lock screen, in each language, that a reward expires soon, expired, or that the stamps expired", () => {
    const date = new Date("2026-04-01T10:00:00Z");
    const bodies = (notice: NonNullable<CardSnapshot["notice"]>) =>
      buildLoyaltyMessage(sampleDesign(), withVouchers({ notice }))?.localizedBody;
    expect(bodies({ id: "expiring-1", kind: "expiring", reward: "Free cake", date })).toEqual({
      defaultValue: { language: "en", value: "Free cake expires Apr 1, 2026" },
      translatedValues: [{ language: "de", value: "Free cake läuft am 01.04.2026 ab" }],
    });
    expect(bodies({ id: "expired-1", kind: "expired", reward: "Free cake" })?.defaultValue).toEqual(
      { language: "en", value: "Free cake has expired" },
    );
    expect(bodies({ id: "stamps-expired-1", kind: "stamps-expired", reward: "", date })).toEqual({
      defaultValue: { language: "en", value: "Your stamps expired Apr 1, 2026" },
      translatedValues: [{ language: "de", value: "Deine Stempel sind am 01.04.2026 verfallen" }],
    });
  });

  it("what Stamp sends Google type-checks against Google's published types", () => {
    expect([objectConforms, classConforms, messageConforms, patchConforms, misspelt]).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
    const loyaltyClass = buildLoyaltyClass(sampleDesign(), {
      issuerId: ISSUER,
      programLogoUrl: "https://stamp.example/logo.png",
    });
    // And the values pass as Google's types as they are.
    const sent: walletobjects_v1.Schema$LoyaltyObject = buildLoyaltyObject(
      sampleDesign(),
      withVouchers(),
      { issuerId: ISSUER },
    );
    const registered: walletobjects_v1.Schema$LoyaltyClass = loyaltyClass;
    expect(sent.classId).toBe(registered.id);
    const rotating: walletobjects_v1.Schema$LoyaltyObject = buildLoyaltyObject(
      sampleDesign(),
      sampleCard({ rotatingBarcode: ROTATING }),
      { issuerId: ISSUER },
    );
    expect(rotating.rotatingBarcode?.totpDetails?.algorithm).toBe("TOTP_SHA1");
  });

  it("refuses an EAN-13 barcode that is not 13 digits", async () => {
    const card = withVouchers({ barcode: { format: "ean13", message: "ABC", altText: "ABC" } });
    await expect(builder.build(sampleDesign(), card)).rejects.toThrow(/13 digits/);
  });
});
