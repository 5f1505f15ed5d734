import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The app is served by ticketd itself from web/dist; `npm run dev` proxies the API to a
// ticketd on :8080 (or TICKETD_URL) so the UI can be developed with hot reload.
export default defineConfig({
  plugins: [react()],
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
