import QRCode from "qrcode";
import type { RunningServer } from "./server";
import { joinLink } from "./wallet/card-links";

export interface StartupSummary {
  /** Where links point: PUBLIC_URL, or the server's own HTTPS on the shop's network. */
  readonly url: string;
  readonly adminUrl: string;
  readonly kioskUrl: string;
  /** What a tablet opens first to trust the server's certificate (plain HTTP on the shop network). */
  readonly setupUrl: string;
  /** The admin pages on this computer, plain HTTP (browsers trust localhost). */
  readonly localAdminUrl: string;
  readonly port: number;
  /** The local-CA HTTPS port; null with an https PUBLIC_URL or HTTPS_PORT=off. */
  readonly httpsPort: number | null;
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

/** What `stampd serve` tells people (stderr, with a QR code of the kiosk) and scripts (stdout). */
export async function startupBanner(
  server: RunningServer,
): Promise<{ text: string; summary: StartupSummary }> {
  const publicUrl = server.services.publicUrl;
  const seed = server.seed;
  const summary: StartupSummary = {
    url: publicUrl,
    adminUrl: `${publicUrl}/admin`,
    kioskUrl: `${publicUrl}/app/`,
    setupUrl: server.setupUrl,
    localAdminUrl: `http://localhost:${server.port}/admin`,
    port: server.port,
    httpsPort: server.lan?.port ?? null,
    firstStart: seed && {
      merchantId: seed.merchantId,
      locationId: seed.locationId,
      programId: seed.programId,
      joinUrl: joinLink(publicUrl, seed.programSlug),
      adminEmail: seed.adminEmail,
      adminPassword: seed.adminPassword,
      staffPin: seed.staffPin,
    },
  };
  const lines = ["", "  Stamp is running.", ""];
  if (server.lan)
    lines.push(
      `  On this computer   ${summary.localAdminUrl}`,
      "",
      "  Tablets and phones on this network use HTTPS with this shop's own certificate.",
      "  Open Setup on each device once (plain HTTP), trust the certificate, then the kiosk:",
      "",
      `  Setup   ${summary.setupUrl}`,
    );
  lines.push(`  Admin   ${summary.adminUrl}`, `  Kiosk   ${summary.kioskUrl}`);
  const first = summary.firstStart;
  if (first) lines.push(`  Join    ${first.joinUrl}`);
  const qr = await QRCode.toString(summary.kioskUrl, { type: "terminal", small: true });
  lines.push("", "  Scan to open the kiosk on a tablet:", "", qr.replace(/^/gm, "  "));
  if (first)
    lines.push(
      '  First start: the demo merchant "Demo Coffee" was created.',
      `  Admin login   ${first.adminEmail} / ${first.adminPassword}`,
      `  Staff PIN     ${first.staffPin}   (Main counter; change it under Locations)`,
      "  Write these down: they are shown only once.",
      "",
    );
  return { text: lines.join("\n"), summary };
}
