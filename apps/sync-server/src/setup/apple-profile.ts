import { createHash } from "node:crypto";
import type { LocalCa } from "../tls/local-ca";

/** A stable UUID per CA and payload: installing the profile again replaces, not duplicates. */
function payloadUuid(ca: LocalCa, payload: string): string {
  const hex = createHash("sha256").update(`${ca.fingerprint}/${payload}`).digest("hex");
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`.toUpperCase();
}

/**
 * An Apple configuration profile (`.mobileconfig`) with the local CA as a root certificate: the
 * way iPadOS and iOS install a CA from Safari. Unsigned, so the device calls it "Not Verified";
 * the owner checks the fingerprint on `/setup`. Full trust for TLS is one more switch in Settings.
 * plist loads with the first profile asked for, not with the server (its source text would stay
 * on the heap for the process's life).
 */
export async function appleProfile(ca: LocalCa, description: string): Promise<string> {
  const { build } = await import("plist");
  const id = `dev.stamp.local-ca.${ca.fingerprint.replaceAll(":", "").slice(0, 16).toLowerCase()}`;
  return build({
    PayloadContent: [
      {
        PayloadCertificateFileName: "stamp-local-ca.crt",
        PayloadContent: ca.der,
        PayloadDescription: description,
        PayloadDisplayName: ca.name,
        PayloadIdentifier: `${id}.root`,
        PayloadType: "com.apple.security.root",
        PayloadUUID: payloadUuid(ca, "root"),
        PayloadVersion: 1,
      },
    ],
    PayloadDescription: description,
    PayloadDisplayName: ca.name,
    PayloadIdentifier: id,
    PayloadOrganization: "Stamp",
    PayloadRemovalDisallowed: false,
    PayloadType: "Configuration",
    PayloadUUID: payloadUuid(ca, "profile"),
    PayloadVersion: 1,
  });
}
