import { extname } from "node:path";
import { Hono } from "hono";
import type { AppEnv } from "../../app-env";
import { readStaticFile } from "./static-files";

// Vite names what it puts under /assets/ by content hash: a changed file is a new URL, so caching is forever.
const HASHED = "public, max-age=31536000, immutable";
// Everything else (index.html above all) is checked again each time, so a deploy is seen at once.
const REVALIDATE = "no-cache";

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Finlink demo: the app is not built</title></head>
<body><main><h1>The app is not built yet</h1>
<p>The BFF is running, but the built SPA is missing. Build it with <code>pnpm --filter @finlink/web build</code>
(or start everything with <code>npm start</code>), or point <code>APP_WEB_DIST</code> at a built <code>dist</code> folder.</p>
<p>In development, open the SPA's Vite dev server instead: it proxies <code>/api</code> here.</p>
</main></body></html>`;

/**
 * The built SPA: its files, with index.html for every other GET outside `/api` (the SPA's own routes:
 * `/connections/…`, `/link/callback`). A missing asset is a 404, not index.html under a script's name.
 */
export function webRouter(distDir: string) {
  return new Hono<AppEnv>().get("*", async (c) => {
    const path = c.req.path;
    const index = await readStaticFile(distDir, "/index.html");
    if (!index) return c.html(NOT_BUILT, 503, { "Cache-Control": "no-store", "Retry-After": "10" });
    const file = path === "/" || path === "/index.html" ? undefined : await readStaticFile(distDir, path);
    if (file) {
      const cache = path.startsWith("/assets/") ? HASHED : REVALIDATE;
      return c.body(file.body, 200, { "Content-Type": file.type, "Cache-Control": cache });
    }
    if (path.startsWith("/assets/") || extname(path) !== "") return c.text("Not Found", 404);
    return c.body(index.body, 200, { "Content-Type": index.type, "Cache-Control": REVALIDATE });
  });
}
