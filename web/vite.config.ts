import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import type { Plugin } from "vite";

// The files the service worker (public/sw.js) caches when it installs, so the app opens with
// no connection: every script, style sheet and font of the build, and the icons.
function precacheList(): Plugin {
  return {
    name: "ticketd-precache",
    apply: "build",
    generateBundle(_, bundle) {
      const built = Object.keys(bundle).filter((f) => /\.(js|css|woff2)$/.test(f));
      const files = [...built, "manifest.webmanifest", "icon.svg", "icon-192.png", "favicon.svg"].map((f) => "/" + f).sort();
      this.emitFile({ type: "asset", fileName: "precache.json", source: JSON.stringify(files) });
    },
  };
}

// The app is served by ticketd itself from web/dist; `npm run dev` proxies the API to a
// ticketd on :8080 (or TICKETD_URL) so the UI can be developed with hot reload.
export default defineConfig({
  plugins: [react(), precacheList()],
  base: "/",
  build: {
    outDir: "dist",
    assetsDir: "assets",
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    // Two apps: the staff app, and the customer portal (portal.html, served under /portal).
    rollupOptions: { input: { main: "index.html", portal: "portal.html" } },
  },
  server: {
    proxy: {
      "/api": process.env.TICKETD_URL ?? "http://localhost:8080",
      "/healthz": process.env.TICKETD_URL ?? "http://localhost:8080",
    },
  },
});
