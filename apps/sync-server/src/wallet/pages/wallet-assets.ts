import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { PACKAGE_ROOT } from "../../package-root";

const css = readFileSync(new URL("src/wallet/pages/wallet.css", PACKAGE_ROOT), "utf8");

/**
 * The web card's script: polls its small state endpoint (ETag, so an unchanged card costs a 304)
 * and reloads when the card changed; registers the service worker that keeps it for offline.
 */
const cardScript = `(() => {
  const root = document.documentElement;
  const stateUrl = root.dataset.state;
  let etag = root.dataset.etag;
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/c/sw.js", { scope: "/c/" }).catch(() => {});
  if (!stateUrl) return;
  setInterval(async () => {
    if (document.hidden) return;
    try {
      const response = await fetch(stateUrl, { headers: { "if-none-match": etag }, cache: "no-store" });
      if (response.status === 200 && response.headers.get("etag") !== etag) location.reload();
    } catch {}
  }, 10000);
})();
`;

/**
 * Keeps each card page the browser saw, network first: online the card is always fresh, offline the
 * last copy still shows the QR code at the till.
 */
const serviceWorker = `const CACHE = "stamp-cards-v1";
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && !request.url.includes("/state")) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request).then((hit) => hit || Response.error())),
  );
});
`;

const hashed = (body: string, name: string, ext: string) =>
  `/assets/${name}-${createHash("sha256").update(body).digest("hex").slice(0, 12)}.${ext}`;

export const WALLET_CSS = { body: css, href: hashed(css, "wallet", "css") } as const;
export const CARD_SCRIPT = { body: cardScript, href: hashed(cardScript, "card", "js") } as const;
/** Not content-hashed: a service worker's URL is its identity. */
export const SERVICE_WORKER = { body: serviceWorker, href: "/c/sw.js" } as const;
