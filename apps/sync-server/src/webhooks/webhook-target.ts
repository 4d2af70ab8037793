import { isIP } from "node:net";
import { isPrivateAddress } from "./outbound-guard";

export type TargetCheck =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly message: string };

/**
 * Whether a merchant may register this URL: http(s) with no credentials in it, https unless
 * private targets are allowed, and no loopback or private address given literally. Names are
 * checked again on every send, against what they resolve to then (outbound-guard.ts).
 */
export function checkWebhookTarget(text: string, allowPrivate: boolean): TargetCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: "the URL is not valid" };
  }
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:"))
    return { ok: false, message: "the URL must start with https://" };
  if (url.username || url.password)
    return { ok: false, message: "put credentials in the receiver, not in the URL" };
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const local = host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local");
  if (!allowPrivate && (local || (isIP(host) !== 0 && isPrivateAddress(host))))
    return { ok: false, message: "private and loopback addresses are not reachable targets" };
  return { ok: true, url: url.href };
}
