import type { DemoSeed } from "./seed";

export interface StartupSummary {
  readonly url: string;
  readonly adminUrl: string;
  readonly kioskUrl: string;
  /** Only on the first start, when the demo merchant was just made. */
  readonly firstStart: {
    readonly merchantId: string;
    readonly locationId: string;
    readonly programId: string;
    readonly joinUrl: string;
    readonly adminEmail: string;
    readonly adminPassword: string;
    readonly staffPin: string;
  } | null;
}

/** What `stampd serve` tells people (stderr) and scripts (one JSON line on stdout). */
export function startupBanner(
  publicUrl: string,
  seed: DemoSeed | null,
): { text: string; summary: StartupSummary } {
  const summary: StartupSummary = {
    url: publicUrl,
    adminUrl: `${publicUrl}/admin`,
    kioskUrl: `${publicUrl}/app/`,
    firstStart: seed && {
      merchantId: seed.merchantId,
      locationId: seed.locationId,
      programId: seed.programId,
      joinUrl: `${publicUrl}/join/${seed.programSlug}`,
      adminEmail: seed.adminEmail,
      adminPassword: seed.adminPassword,
      staffPin: seed.staffPin,
    },
  };
  const lines = [
    "",
    "  Stamp is running.",
    "",
    `  Admin   ${summary.adminUrl}`,
    `  Kiosk   ${summary.kioskUrl}`,
  ];
  const first = summary.firstStart;
  if (first)
    lines.push(
      `  Join    ${first.joinUrl}`,
      "",
      '  First start: the demo merchant "Demo Coffee" was created.',
      `  Admin login   ${first.adminEmail} / ${first.adminPassword}`,
      `  Staff PIN     ${first.staffPin}   (Main counter; change it under Locations)`,
      "  Write these down: they are shown only once.",
    );
  lines.push("");
  return { text: lines.join("\n"), summary };
}
