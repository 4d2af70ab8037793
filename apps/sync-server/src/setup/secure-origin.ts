import { canonicalName, urlHost } from "../tls/host-names";
import type { LanHttps } from "../tls/lan-https";

/**
 * The HTTPS origin a device should open instead of the one it used: the server's own HTTPS at the
 * very host the device typed, when the certificate names it (so `shop-pc.local` stays
 * `shop-pc.local`), else the public origin when it is HTTPS; null when the server has no HTTPS.
 */
export function secureOrigin(
  services: { readonly lan: LanHttps | null; readonly publicUrl: string },
  requestHost: string,
): string | null {
  const url = URL.canParse(`http://${requestHost}`) ? new URL(`http://${requestHost}`) : null;
  const name = canonicalName(url?.hostname.replace(/^\[|\]$/g, "") ?? "");
  const { lan } = services;
  if (lan?.names().includes(name)) return `https://${urlHost(name)}:${lan.port}`;
  return services.publicUrl.startsWith("https:") ? services.publicUrl : null;
}
