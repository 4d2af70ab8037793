import { importSPKI, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { isPassBuilderError } from "./errors";
import { GoogleSaveLinks } from "./google-save-link";
import { buildLoyaltyClass, buildLoyaltyObject, walletId } from "./google-wallet";
import {
  englishTexts,
  germanTexts,
  ROTATING,
  SAMPLE_CODE,
  SAMPLE_WEB_CARD,
  sampleCard,
  sampleDesign,
  testServiceAccount,
} from "./test-fixtures";

const ISSUER = "3388000000022222222";
const { account, publicKeyPem } = testServiceAccount();
const issuedAt = new Date("2026-03-01T10:00:00Z");
const links = new GoogleSaveLinks({
  serviceAccount: account,
  origins: ["https://stamp.example"],
  now: () => issuedAt,
});

async function claimsOf(link: string) {
  const prefix = "https://pay.google.com/gp/v/save/";
  expect(link.startsWith(prefix)).toBe(true);
  const key = await importSPKI(publicKeyPem, "RS256");
  return jwtVerify(link.slice(prefix.length), key, {
    issuer: account.clientEmail,
    audience: "google",
    currentDate: issuedAt,
  });
}

describe("Google Wallet objects", () => {
  it("builds a LoyaltyClass per program with localized name", () => {
    const loyaltyClass = buildLoyaltyClass(sampleDesign(), {
      issuerId: ISSUER,
      programLogoUrl: "https://stamp.example/logo.png",
    });
    expect(loyaltyClass).toEqual({
      id: `${ISSUER}.prog_01J9`,
      issuerName: "Café Blue",
      programName: "Coffee card",
      localizedProgramName: {
        defaultValue: { language: "en", value: "Coffee card" },
        translatedValues: [{ language: "de", value: "Kaffeekarte" }],
      },
      programLogo: {
        sourceUri: { uri: "https://stamp.example/logo.png" },
        contentDescription: {
          defaultValue: { language: "en", value: "Coffee card" },
          translatedValues: [{ language: "de", value: "Kaffeekarte" }],
        },
      },
      hexBackgroundColor: "#1d3557",
      reviewStatus: "UNDER_REVIEW",
    });
  });

  it("builds a LoyaltyObject per card: stamps, barcode, texts, at most 10 locations", () => {
    const object = buildLoyaltyObject(sampleDesign(), sampleCard({ stamps: 3, rewardsReady: 2 }), {
      issuerId: ISSUER,
      heroImageUrl: "https://stamp.example/strip/3.png",
    });
    expect(object.id).toBe(`${ISSUER}.card_01J9ZK4Q8R`);
    expect(object.classId).toBe(`${ISSUER}.prog_01J9`);
    expect(object.state).toBe("ACTIVE");
    expect(object.loyaltyPoints).toEqual({
      label: "Stamps",
      localizedLabel: {
        defaultValue: { language: "en", value: "Stamps" },
        translatedValues: [{ language: "de", value: "Stempel" }],
      },
      balance: { string: "3/10" },
    });
    expect(object.barcode).toEqual({
      type: "QR_CODE",
      value: SAMPLE_CODE,
      alternateText: "482 103 756",
    });
    expect(object.textModulesData.map((m) => [m.id, m.header, m.body])).toEqual([
      ["reward", "Reward", englishTexts.rewardTitle],
      ["status", "Status", "2 rewards ready"],
      ["earn", "How to earn", "One stamp per coffee."],
      ["terms", "Terms", "One stamp per visit.\nNot cumulable."],
      ["number", "Card number", "482 103 756"],
    ]);
    expect(object.linksModuleData?.uris).toEqual([
      {
        id: "web-card",
        uri: SAMPLE_WEB_CARD,
        description: "Your card online",
        localizedDescription: {
          defaultValue: { language: "en", value: "Your card online" },
          translatedValues: [{ language: "de", value: "Deine Karte im Web" }],
        },
      },
    ]);
    expect(object.textModulesData[1]?.localizedBody.translatedValues).toEqual([
      { language: "de", value: "2 Prämien bereit" },
    ]);
    expect(object.textModulesData[0]?.localizedBody.translatedValues?.[0]?.value).toBe(
      germanTexts.rewardTitle,
    );
    expect(object.merchantLocations).toHaveLength(10);
    expect(object.merchantLocations[0]).toEqual({ latitude: 52.5, longitude: 13.4 });
    expect(object.heroImage).toEqual({ sourceUri: { uri: "https://stamp.example/strip/3.png" } });
  });

  it("shows the card code as a rotating TOTP barcode when the card has a key, and no still one", () => {
    const object = buildLoyaltyObject(sampleDesign(), sampleCard({ rotatingBarcode: ROTATING }), {
      issuerId: ISSUER,
    });
    expect(object.barcode).toBeUndefined();
    expect(object.rotatingBarcode).toEqual({
      type: "QR_CODE",
      renderEncoding: "UTF_8",
      valuePattern: `${SAMPLE_CODE}.T{totp_value_0}`,
      alternateText: "482 103 756",
      totpDetails: {
        periodMillis: "30000",
        algorithm: "TOTP_SHA1",
        parameters: [{ key: ROTATING.totpKey, valueLength: 8 }],
      },
    });
    // A ready voucher's code the merchant put in front stays still: the voucher's state guards it.
    const voucherFront = buildLoyaltyObject(
      sampleDesign(),
      sampleCard({
        rotatingBarcode: ROTATING,
        barcode: { format: "qr", message: "V1CODE", altText: "V1CODE" },
      }),
      { issuerId: ISSUER },
    );
    expect(voucherFront.rotatingBarcode).toBeUndefined();
    expect(voucherFront.barcode?.value).toBe("V1CODE");
    for (const bad of [{ totpKey: "xyz" }, { valuePattern: SAMPLE_CODE }])
      expect(() =>
        buildLoyaltyObject(
          sampleDesign(),
          sampleCard({ rotatingBarcode: { ...ROTATING, ...bad } }),
          { issuerId: ISSUER },
        ),
      ).toThrow(/TOTP key|totp_value_0/);
  });

  it("marks a revoked card inactive", () => {
    expect(
      buildLoyaltyObject(sampleDesign(), sampleCard({ active: false }), { issuerId: ISSUER }).state,
    ).toBe("INACTIVE");
  });

  it("refuses ids Google would reject", () => {
    for (const [issuer, suffix] of [
      ["issuer", "ok"],
      [ISSUER, "has space"],
      [ISSUER, "ümlaut"],
    ] as const) {
      let caught: unknown;
      try {
        walletId(issuer, suffix);
      } catch (error) {
        caught = error;
      }
      expect(isPassBuilderError(caught, "invalid-pass-data")).toBe(true);
    }
  });
});

describe("Save to Google Wallet links", () => {
  const design = sampleDesign();
  const loyaltyClass = buildLoyaltyClass(design, {
    issuerId: ISSUER,
    programLogoUrl: "https://stamp.example/l.png",
  });
  const loyaltyObject = buildLoyaltyObject(design, sampleCard(), { issuerId: ISSUER });

  it("signs the full class and object with the service-account key", async () => {
    const { payload, protectedHeader } = await claimsOf(
      await links.full(loyaltyClass, loyaltyObject),
    );
    expect(protectedHeader).toEqual({ alg: "RS256", kid: "key-id-123", typ: "JWT" });
    expect(payload).toEqual({
      iss: account.clientEmail,
      aud: "google",
      typ: "savetowallet",
      iat: issuedAt.getTime() / 1000,
      origins: ["https://stamp.example"],
      payload: { loyaltyClasses: [loyaltyClass], loyaltyObjects: [loyaltyObject] },
    });
  });

  it("keeps the ids-only link short", async () => {
    const link = await links.short(loyaltyObject);
    expect(link.length).toBeLessThan(1800);
    const { payload } = await claimsOf(link);
    expect(payload.payload).toEqual({
      loyaltyObjects: [{ id: loyaltyObject.id, classId: loyaltyObject.classId }],
    });
  });

  it("cannot be verified with another key", async () => {
    const other = testServiceAccount();
    const key = await importSPKI(other.publicKeyPem, "RS256");
    const jwt = (await links.short(loyaltyObject)).split("/").pop() ?? "";
    await expect(jwtVerify(jwt, key)).rejects.toThrow();
  });
});
