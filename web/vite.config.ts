// Vite build of the dashboard: relative asset paths so that `truce serve`
// can serve dist/ from any prefix; the dev server proxies /api to a running
// `truce serve` (or the fixture server, dev/fixture-server.mjs).
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
  server: {
    proxy: {
      "/api": process.env.TRUCE_API ?? "http://127.0.0.1:8080",
    },
  },
});
