import { defineConfig } from "vite";

// The API serves the build from its wwwroot (MediaAspire.Api/WebUi); bundles go under /ui/ so they never meet the
// UI's own /assets/{id} pages.
export default defineConfig({
  build: {
    outDir: "../MediaAspire.Api/wwwroot",
    emptyOutDir: true,
    assetsDir: "ui",
    target: "es2022",
    // hls.js alone is ~600 kB (loaded only on an asset page with an HLS rendition).
    chunkSizeWarningLimit: 700,
  },
});
