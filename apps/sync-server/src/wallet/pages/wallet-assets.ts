import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { PACKAGE_ROOT } from "../../package-root";

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

const hashed = (body: string, name: string, ext: string) =>
  `/assets/${name}-${createHash("sha256").update(body).digest("hex").slice(0, 12)}.${ext}`;

export const WALLET_CSS = { body: css, href: hashed(css, "wallet", "css") } as const;
export const CARD_SCRIPT = { body: cardScript, href: hashed(cardScript, "card", "js") } as const;
/** Not content-hashed: a service worker's URL is its identity. */
export const SERVICE_WORKER = { body: serviceWorker, href: "/c/sw.js" } as const;
