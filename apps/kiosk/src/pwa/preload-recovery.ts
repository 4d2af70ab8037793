const KEY = "stamp:preload-reload-at";
const AGAIN_AFTER_MS = 5 * 60_000;

/**
 * After an update, an old tab may ask for a chunk the new service worker no longer has
 * (FreiFahren #663). Reload once to get the new app, but only online (offline a reload cannot
 * help) and not again within minutes, so a broken deploy cannot loop.
 */
export function recoverFromPreloadErrors(): void {
  window.addEventListener("vite:preloadError", (event) => {
    if (!navigator.onLine) return;
    const last = Number(sessionStorage.getItem(KEY) ?? 0);
    if (Date.now() - last < AGAIN_AFTER_MS) return;
    sessionStorage.setItem(KEY, String(Date.now()));
    event.preventDefault();
    window.location.reload();
  });
}
