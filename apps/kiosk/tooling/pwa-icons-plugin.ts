import type { Plugin } from "vite";
import { ICONS, renderIcon } from "./icon-art";
import { encodePng } from "./png";

/**
 * Generates the PWA icons at build time (emitted before vite-plugin-pwa globs the output, so they
 * are precached) and serves the same bytes from the dev server; nothing binary is committed.
 */
export function pwaIcons(): Plugin {
  let base = "/";
  const rendered = new Map<string, Buffer>();
  const png = (fileName: string, size: number, maskable: boolean): Buffer => {
    let bytes = rendered.get(fileName);
    if (!bytes) {
      bytes = encodePng(size, size, renderIcon({ fileName, size, maskable }));
      rendered.set(fileName, bytes);
    }
    return bytes;
  };
  return {
    name: "stamp-pwa-icons",
    configResolved(config) {
      base = config.base;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const icon = ICONS.find((spec) => req.url === `${base}${spec.fileName}`);
        if (!icon) return next();
        res.setHeader("Content-Type", "image/png");
        res.end(png(icon.fileName, icon.size, icon.maskable));
      });
    },
    generateBundle() {
      for (const spec of ICONS) {
        this.emitFile({
          type: "asset",
          fileName: spec.fileName,
          source: png(spec.fileName, spec.size, spec.maskable),
        });
      }
    },
    transformIndexHtml() {
      return [
        {
          tag: "link",
          attrs: { rel: "icon", type: "image/png", href: `${base}icons/icon-192.png` },
          injectTo: "head",
        },
        {
          tag: "link",
          attrs: { rel: "apple-touch-icon", href: `${base}icons/apple-touch-icon.png` },
          injectTo: "head",
        },
      ];
    },
  };
}
