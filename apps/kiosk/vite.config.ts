import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import { pwaIcons } from "./tooling/pwa-icons-plugin";

// The sync server serves the built app at /app/ so the app and /api share one origin.
export default defineConfig({
  base: "/app/",
  plugins: [
    react(),
    pwaIcons(),
    VitePWA({
      // Prompt mode: the app decides when to apply an update (never mid-scan), see src/pwa.
      registerType: "prompt",
      injectRegister: false,
      manifest: {
        id: "/app/",
        name: "Stamp — loyalty stamps",
        short_name: "Stamp",
        description: "Stamp cards at the till: staff scanner, self-service kiosk and autopilot.",
        start_url: "/app/",
        scope: "/app/",
        display: "standalone",
        orientation: "any",
        background_color: "#f5f3ef",
        theme_color: "#1f3a5f",
        icons: [
          { src: "icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          {
            src: "icons/maskable-512.png",
            sizes: "512x512",
            type: "image/png",
            purpose: "maskable",
          },
        ],
      },
      workbox: {
        // The camera chunk is precached too: scanning must work offline after the first load.
        globPatterns: ["**/*.{js,css,html,png,svg,webmanifest}"],
        navigateFallback: "/app/index.html",
        navigateFallbackAllowlist: [/^\/app\//],
        cleanupOutdatedCaches: true,
        // No runtime route for /api: the sync's held stream (wire protocol `pull-stream`) must
        // reach the page byte by byte as it arrives, never answered from, or through, a cache.
      },
    }),
  ],
  server: {
    proxy: { "/api": "http://localhost:8787" },
  },
  build: {
    target: "es2022",
    rolldownOptions: {
      // Our packages' modules only declare: a re-export from stamp-core's index is not a reason to
      // load its module (rotating barcodes' TOTP stays with the screens that check them).
      treeshake: {
        moduleSideEffects: (id: string) =>
          !/\/packages\/(stamp-core|wire-protocol)\/src\//.test(id),
      },
    },
  },
});
