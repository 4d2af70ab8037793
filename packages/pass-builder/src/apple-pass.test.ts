import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAppleCredentials } from "./apple-credentials";
import { ApplePassBuilder } from "./apple-pass";
import { type DevCredentialPaths, ensureDevCredentials } from "./dev-credentials";
import { isPassBuilderError } from "./errors";
import {
  englishTexts,
  germanTexts,
  PASS_TYPE_ID,
  SAMPLE_CODE,
  SAMPLE_WEB_CARD,
  sampleCard,
  sampleDesign,
  TEAM_ID,
  temporaryDirectory,
} from "./test-fixtures";
import { opensslVerify, parseStrings, unzip } from "./testing/pkpass";

function passJsonOf(files: Map<string, Buffer>): Record<string, unknown> & {
  storeCard: Record<string, { key: string; label: string; value: string }[]>;
} {
  return JSON.parse(files.get("pass.json")?.toString() ?? "{}");
}

let paths: DevCredentialPaths;
let builder: ApplePassBuilder;
const signingTime = new Date("2026-03-01T10:00:00Z");

beforeAll(async () => {
  paths = await ensureDevCredentials(await temporaryDirectory(), {
    passTypeIdentifier: PASS_TYPE_ID,
    teamIdentifier: TEAM_ID,
  });
  const credentials = loadAppleCredentials({
    wwdrPem: await readFile(paths.wwdrCertPath),
    signerCertPem: await readFile(paths.signerCertPath),
    signerKeyPem: await readFile(paths.signerKeyPath),
    passTypeIdentifier: PASS_TYPE_ID,
    teamIdentifier: TEAM_ID,
  });
  builder = new ApplePassBuilder({
    credentials,
    webServiceURL: "https://stamp.example/wallet",
    now: () => signingTime,
  });
});

describe("ApplePassBuilder", () => {
  it("builds a zip whose manifest hashes every file and whose signature openssl verifies", async () => {
    const files = await unzip(await builder.build(sampleDesign(), sampleCard()));
    const manifest = JSON.parse(files.get("manifest.json")?.toString() ?? "{}") as Record<
      string,
      string
    >;
    const hashed = [...files.keys()].filter(
      (path) => path !== "manifest.json" && path !== "signature",
    );
    expect(Object.keys(manifest).sort()).toEqual(hashed.sort());
    for (const path of hashed) {
      expect(manifest[path], path).toBe(
        createHash("sha1")
          .update(files.get(path) ?? "")
          .digest("hex"),
      );
    }
    expect(hashed).toEqual(
      expect.arrayContaining([
        "pass.json",
        "icon.png",
        "icon@2x.png",
        "icon@3x.png",
        "strip.png",
        "strip@2x.png",
        "strip@3x.png",
        "en.lproj/pass.strings",
        "de.lproj/pass.strings",
      ]),
    );
    const verified = await opensslVerify(files, paths.caCertPath);
    expect(verified.output).toContain("Verification successful");
    expect(verified.ok).toBe(true);
  });

  it("signature fails verification when the manifest is altered", async () => {
    const files = await unzip(await builder.build(sampleDesign(), sampleCard()));
    const manifest = files.get("manifest.json")?.toString() ?? "";
    files.set("manifest.json", Buffer.from(manifest.replace(/[0-9a-f]{40}/, "0".repeat(40))));
    expect((await opensslVerify(files, paths.caCertPath)).ok).toBe(false);
  });

  it("writes the card snapshot into pass.json", async () => {
    const card = sampleCard({ stamps: 7, rewardsReady: 2 });
    const pass = passJsonOf(await unzip(await builder.build(sampleDesign(), card)));
    expect(pass).toMatchObject({
      formatVersion: 1,
      passTypeIdentifier: PASS_TYPE_ID,
      teamIdentifier: TEAM_ID,
      serialNumber: card.serialNumber,
      authenticationToken: card.authenticationToken,
      webServiceURL: "https://stamp.example/wallet",
      organizationName: "Café Blue",
      description: englishTexts.description,
      logoText: englishTexts.programName,
      backgroundColor: "rgb(29, 53, 87)",
      foregroundColor: "rgb(241, 250, 238)",
      labelColor: "rgb(168, 218, 220)",
      sharingProhibited: true,
      barcodes: [
        {
          format: "PKBarcodeFormatQR",
          message: SAMPLE_CODE,
          altText: "482 103 756",
          messageEncoding: "iso-8859-1",
        },
      ],
    });
    expect(pass.voided).toBeUndefined();
    expect(pass.storeCard.headerFields).toEqual([
      { key: "stamps", label: "Stamps", value: "7 / 10", changeMessage: "Stamps: %@" },
    ]);
    expect(pass.storeCard.secondaryFields).toEqual([
      { key: "reward", label: "Reward", value: englishTexts.rewardTitle },
      { key: "status", label: "Status", value: "2 rewards ready", changeMessage: "Status: %@" },
    ]);
    expect(pass.storeCard.auxiliaryFields).toEqual([
      { key: "number", label: "Card number", value: "482 103 756" },
    ]);
    expect(pass.storeCard.backFields).toEqual([
      { key: "earn", label: "How to earn", value: "One stamp per coffee." },
      { key: "terms", label: "Terms", value: "One stamp per visit.\nNot cumulable." },
      { key: "web-card", label: "Your card online", value: SAMPLE_WEB_CARD },
    ]);
    const locations = pass.locations as {
      latitude: number;
      longitude: number;
      relevantText: string;
    }[];
    expect(locations).toHaveLength(10);
    expect(locations[0]).toEqual({
      latitude: 52.5,
      longitude: 13.4,
      relevantText: "Show your card at Shop 1",
    });
  });

  it("keeps locations whose reminder text is empty, without relevantText", async () => {
    const design = sampleDesign({
      texts: { en: { ...englishTexts, nearLocation: "" } },
      locations: [{ name: "Shop", latitude: 1, longitude: 2 }],
    });
    const pass = passJsonOf(await unzip(await builder.build(design, sampleCard())));
    expect(pass.locations).toEqual([{ latitude: 1, longitude: 2 }]);
  });

  it("puts a location's own relevantText on the lock screen instead of the template", async () => {
    const design = sampleDesign({
      locations: [
        { name: "Shop", latitude: 1, longitude: 2, relevantText: "Your free coffee waits here" },
        { name: "Kiosk", latitude: 3, longitude: 4, relevantText: "" },
      ],
    });
    const pass = passJsonOf(await unzip(await builder.build(design, sampleCard())));
    expect(pass.locations).toEqual([
      { latitude: 1, longitude: 2, relevantText: "Your free coffee waits here" },
      { latitude: 3, longitude: 4, relevantText: "Show your card at Kiosk" },
    ]);
  });

  it("shows one ready reward, and voids a revoked card", async () => {
    const pass = passJsonOf(
      await unzip(
        await builder.build(sampleDesign(), sampleCard({ rewardsReady: 1, active: false })),
      ),
    );
    expect(pass.storeCard.secondaryFields?.[1]?.value).toBe("Reward ready");
    expect(pass.voided).toBe(true);
  });

  it("localizes every shown text, escaping quotes, backslashes and newlines", async () => {
    const files = await unzip(await builder.build(sampleDesign(), sampleCard({ rewardsReady: 3 })));
    const german = parseStrings(files.get("de.lproj/pass.strings")?.toString("utf8") ?? "");
    expect(german.get(englishTexts.rewardTitle)).toBe(germanTexts.rewardTitle);
    expect(german.get("Stamps")).toBe("Stempel");
    expect(german.get("Stamps: %@")).toBe("Stempel: %@");
    expect(german.get("3 rewards ready")).toBe("3 Prämien bereit");
    expect(german.get("Coffee card")).toBe("Kaffeekarte");
    expect(german.get("One stamp per visit.\nNot cumulable.")).toBe(
      "Ein Stempel pro Besuch.\nNicht kombinierbar.",
    );
    expect(german.get("How to earn")).toBe("So sammelst du");
    expect(german.get("Your card online")).toBe("Deine Karte im Web");
    expect(german.get("Show your card at Shop 10")).toBe("Zeig deine Karte bei Shop 10");
    expect(german.has("Show your card at Shop 11")).toBe(false);

    const english = parseStrings(files.get("en.lproj/pass.strings")?.toString("utf8") ?? "");
    expect(english.get(englishTexts.rewardTitle)).toBe(englishTexts.rewardTitle);
  });

  it("uses the program's own logo and icon when given", async () => {
    const png = (label: string) => Buffer.from(`png:${label}`);
    const design = sampleDesign({
      logo: { x1: png("logo1"), x2: png("logo2") },
      icon: { x1: png("icon1") },
    });
    const files = await unzip(await builder.build(design, sampleCard()));
    expect(files.get("logo.png")?.toString()).toBe("png:logo1");
    expect(files.get("logo@2x.png")?.toString()).toBe("png:logo2");
    expect(files.has("logo@3x.png")).toBe(false);
    expect(files.get("icon.png")?.toString()).toBe("png:icon1");
    expect(files.has("icon@2x.png")).toBe(false);
  });

  it("draws a different strip per stamp count and reuses it for equal counts", async () => {
    const strip = async (stamps: number) =>
      (await unzip(await builder.build(sampleDesign(), sampleCard({ stamps })))).get(
        "strip@2x.png",
      );
    const [three, four, threeAgain] = [await strip(3), await strip(4), await strip(3)];
    expect(three?.subarray(1, 4).toString()).toBe("PNG");
    expect(three?.readUInt32BE(16)).toBe(750);
    expect(three?.equals(four ?? Buffer.alloc(0))).toBe(false);
    expect(three?.equals(threeAgain ?? Buffer.alloc(0))).toBe(true);
  });

  it.each([
    ["a stamp goal of 0", sampleDesign({ stampGoal: 0 }), sampleCard()],
    ["a stamp goal of 51", sampleDesign({ stampGoal: 51 }), sampleCard()],
    ["a short authentication token", sampleDesign(), sampleCard({ authenticationToken: "short" })],
    ["negative stamps", sampleDesign(), sampleCard({ stamps: -1 })],
    [
      "a bad colour",
      sampleDesign({ colors: { ...sampleDesign().colors, label: "blue" } }),
      sampleCard(),
    ],
    [
      "a locale that is a path",
      sampleDesign({ texts: { en: englishTexts, "../x": germanTexts } }),
      sampleCard(),
    ],
    ["missing default texts", sampleDesign({ defaultLocale: "fr" }), sampleCard()],
    [
      "a location off the globe",
      sampleDesign({ locations: [{ name: "Nowhere", latitude: 91, longitude: 0 }] }),
      sampleCard(),
    ],
    ["an empty card code", sampleDesign(), sampleCard({ code: "" })],
  ])("refuses %s as invalid-pass-data", async (_, design, card) => {
    const error = await builder.build(design, card).catch((e: unknown) => e);
    expect(isPassBuilderError(error, "invalid-pass-data")).toBe(true);
  });

  it("explains a short authentication token in the message", async () => {
    const error = await builder
      .build(sampleDesign(), sampleCard({ authenticationToken: "short" }))
      .catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/authenticationToken.*16/);
  });
});
