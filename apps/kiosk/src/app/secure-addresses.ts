/** What the server says a device on this network should open instead: its HTTPS addresses. */
export interface SecureAddresses {
  /** The kiosk over HTTPS at the host this device used; absent when the server has no HTTPS. */
  readonly kiosk?: string;
  /** The setup page (certificate download and per-platform steps), reachable over plain HTTP. */
  readonly setup: string;
}

const ADDRESSES_PATH = "/setup/addresses.json";
/** The QR image of `kiosk`, drawn by the server (no QR encoder in the kiosk bundle). */
export const KIOSK_QR_PATH = "/setup/qr/kiosk.svg";

const isHttps = (value: unknown): value is string =>
  typeof value === "string" && value.startsWith("https://");

/** Asks the server that served this page; null when it cannot answer (offline, dev server). */
export async function fetchSecureAddresses(
  fetcher: typeof fetch = fetch,
): Promise<SecureAddresses | null> {
  try {
    const response = await fetcher(ADDRESSES_PATH, { cache: "no-store" });
    if (!response.ok) return null;
    const body = (await response.json()) as Record<string, unknown>;
    if (typeof body.setup !== "string") return null;
    return isHttps(body.kiosk) ? { kiosk: body.kiosk, setup: body.setup } : { setup: body.setup };
  } catch {
    return null;
  }
}
