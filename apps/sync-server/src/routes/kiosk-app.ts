import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { type Context, Hono } from "hono";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
};

/**
 * Hashed files under assets/ never change: cache them for good. Everything else (index.html, the
 * service worker, the manifest, icons) is revalidated on every load, so an update is picked up on
 * the next start of the app (vite-plugin-pwa #524, #554).
 */
function cacheControl(relative: string): string {
  return relative.startsWith(`assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache";
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kiosk app not built</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5">
<h1>The kiosk app is not built yet</h1>
<p>This server serves the kiosk PWA from <code>apps/kiosk/dist</code>, which does not exist.</p>
<p>Build it with <code>npm run build -w apps/kiosk</code> (the root <code>npm start</code> does this
for you), then reload this page.</p></body></html>`;

/** The built kiosk PWA at /app/, with a fallback to index.html for the app's own routes. */
export function kioskAppRoutes(dist: string): Hono {
  const root = normalize(dist);

  const send = async (c: Context, relative: string): Promise<Response | null> => {
    const file = normalize(join(root, relative));
    if (file !== root && !file.startsWith(root + sep)) return null;
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return null;
    const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
    const headers = {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": cacheControl(relative),
      etag,
      "x-content-type-options": "nosniff",
    };
    if (c.req.header("if-none-match") === etag) return c.body(null, 304, headers);
    return c.body(await readFile(file), 200, headers);
  };

  const serve = async (c: Context) => {
    let path: string;
    try {
      path = decodeURIComponent(c.req.path.slice("/app/".length));
    } catch {
      return c.text("Not found", 404);
    }
    if (path.includes("\0")) return c.text("Not found", 404);
    const found = path === "" ? null : await send(c, path);
    if (found) return found;
    // A missing file with an extension is a missing file; anything else is a route of the SPA.
    if (extname(path) !== "") return c.text("Not found", 404);
    const index = await send(c, "index.html");
    return index ?? c.html(NOT_BUILT, 503, { "cache-control": "no-store", "retry-after": "30" });
  };

  return new Hono()
    .get("/app", (c) => c.redirect("/app/", 301))
    .get("/app/", serve)
    .get("/app/*", serve);
}
