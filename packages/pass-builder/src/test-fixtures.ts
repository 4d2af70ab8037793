import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadAppleCredentials } from "./apple-credentials";
import { ApplePassBuilder } from "./apple-pass";
import { ensureDevCredentials } from "./dev-credentials";
import type { GoogleServiceAccount } from "./google-service-account";
import type { CardSnapshot, CardTexts, ProgramDesign, RotatingBarcodeInput } from "./wallet-input";

/** Shared inputs and helpers for this package's tests. */

export const PASS_TYPE_ID = "pass.com.example.stamp";
export const TEAM_ID = "ABCDE12345";

export const englishTexts: CardTexts = {
  programName: "Coffee card",
  description: "Stamp card of Café Blue",
  numberLabel: "Card number",
  stampsLabel: "Stamps",
  rewardLabel: "Reward",
  rewardTitle: 'A "free" coffee \\ any size\nany day',
  statusLabel: "Status",
  statusCollecting: "Keep collecting",
  statusOneReady: "Reward ready",
  statusManyReady: "{count} rewards ready",
  nearLocation: "Show your card at {location}",
  backFields: [
    { key: "earn", label: "How to earn", text: "One stamp per coffee." },
    { key: "terms", label: "Terms", text: "One stamp per visit.\nNot cumulable." },
  ],
  webCardLabel: "Your card online",
  voucherLabel: "Your reward",
  voucherEarned: "Earned {date}",
  voucherValidUntil: "Valid until {date}",
  voucherCode: "Code: {code}",
  prizeHidden: "a prize is waiting, open your card to reveal it",
  noticeLabel: "News",
  noticeEarned: "You earned: {reward}",
  noticeExpiring: "{reward} expires {date}",
  noticeExpired: "{reward} has expired",
  noticeStampsExpired: "Your stamps expired {date}",
};

export const germanTexts: CardTexts = {
  programName: "Kaffeekarte",
  description: "Stempelkarte vom Café Blue",
  numberLabel: "Kartennummer",
  stampsLabel: "Stempel",
  rewardLabel: "Prämie",
  rewardTitle: 'Ein "gratis" Kaffee \\ jede Größe\njeden Tag',
  statusLabel: "Stand",
  statusCollecting: "Weiter sammeln",
  statusOneReady: "Prämie bereit",
  statusManyReady: "{count} Prämien bereit",
  nearLocation: "Zeig deine Karte bei {location}",
  backFields: [
    { key: "earn", label: "So sammelst du", text: "Ein Stempel pro Kaffee." },
    { key: "terms", label: "Bedingungen", text: "Ein Stempel pro Besuch.\nNicht kombinierbar." },
  ],
  webCardLabel: "Deine Karte im Web",
  voucherLabel: "Deine Prämie",
  voucherEarned: "Verdient am {date}",
  voucherValidUntil: "Gültig bis {date}",
  voucherCode: "Code: {code}",
  prizeHidden: "ein Preis wartet, öffne deine Karte",
  noticeLabel: "Neuigkeiten",
  noticeEarned: "Verdient: {reward}",
  noticeExpiring: "{reward} läuft am {date} ab",
  noticeExpired: "{reward} ist abgelaufen",
  noticeStampsExpired: "Deine Stempel sind am {date} verfallen",
};

export function sampleDesign(overrides: Partial<ProgramDesign> = {}): ProgramDesign {
  return {
    programId: "prog_01J9",
    organizationName: "Café Blue",
    colors: { background: "#1d3557", foreground: "#f1faee", label: "#a8dadc", stamp: "#e63946" },
    stampIcon: "coffee",
    stampGoal: 10,
    defaultLocale: "en",
    texts: { en: englishTexts, de: germanTexts },
    locations: Array.from({ length: 12 }, (_, i) => ({
      name: `Shop ${i + 1}`,
      latitude: 52.5 + i / 100,
      longitude: 13.4 + i / 100,
    })),
    ...overrides,
  };
}

/** A card code the size of a real one: ~170 characters of base64url and a dot. */
export const SAMPLE_CODE = `${"eyJjIjoiY2FyZF8wMUo5In0".repeat(5)}.${"Xk3_9aQ-".repeat(6)}`;

export const SAMPLE_WEB_CARD = "https://stamp.example/c/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

/** A rotating barcode as the server hands it in: the card code, `.T`, Google's TOTP value field. */
export const ROTATING: RotatingBarcodeInput = {
  valuePattern: `${SAMPLE_CODE}.T{totp_value_0}`,
  totpKey: "3132333435363738393031323334353637383930",
  periodMillis: 30_000,
  digits: 8,
};

export function sampleCard(overrides: Partial<CardSnapshot> = {}): CardSnapshot {
  return {
    serialNumber: "card_01J9ZK4Q8R",
    authenticationToken: "tok_9f8e7d6c5b4a3210",
    code: SAMPLE_CODE,
    number: "482 103 756",
    stamps: 3,
    rewardsReady: 0,
    active: true,
    webCardUrl: SAMPLE_WEB_CARD,
    ...overrides,
  };
}

/** A fresh service account (RSA 2048: jose refuses smaller keys for RS256) and its public key PEM. */
export function testServiceAccount(): { account: GoogleServiceAccount; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    account: {
      projectId: "stamp-test",
      privateKeyId: "key-id-123",
      privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      clientEmail: "wallet@stamp-test.iam.gserviceaccount.com",
      clientId: "1234567890",
      tokenUri: "https://oauth2.googleapis.com/token",
    },
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

export function temporaryDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), "pass-builder-test-"));
}

/** An Apple pass builder on fresh development credentials, and the CA that verifies its passes. */
export async function devPassBuilder(
  now?: () => Date,
): Promise<{ builder: ApplePassBuilder; caCertPath: string }> {
  const paths = await ensureDevCredentials(await temporaryDirectory(), {
    passTypeIdentifier: PASS_TYPE_ID,
    teamIdentifier: TEAM_ID,
  });
  const builder = new ApplePassBuilder({
    credentials: loadAppleCredentials({
      wwdrPem: await readFile(paths.wwdrCertPath),
      signerCertPem: await readFile(paths.signerCertPath),
      signerKeyPem: await readFile(paths.signerKeyPath),
      passTypeIdentifier: PASS_TYPE_ID,
      teamIdentifier: TEAM_ID,
    }),
    webServiceURL: "https://stamp.example/wallet",
    ...(now ? { now } : {}),
  });
  return { builder, caCertPath: paths.caCertPath };
}
