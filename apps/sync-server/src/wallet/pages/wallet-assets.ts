import { readFileSync } from "node:fs";
import { PACKAGE_ROOT } from "../../package-root";
import { hashedAsset } from "../../pages/hashed-asset";

const css = readFileSync(new URL("src/wallet/pages/wallet.css", PACKAGE_ROOT), "utf8");
/** The web card's script: live state, the reward moment, hold-to-redeem, scratch-to-reveal. */
const cardScript = readFileSync(new URL("src/wallet/pages/card.js", PACKAGE_ROOT), "utf8");

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

export const WALLET_CSS = hashedAsset(css, "wallet", "css");
export const CARD_SCRIPT = hashedAsset(cardScript, "card", "js");
/** Not content-hashed: a service worker's URL is its identity. */
export const SERVICE_WORKER = { body: serviceWorker, href: "/c/sw.js" } as const;
