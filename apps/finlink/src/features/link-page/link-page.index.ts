import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseLinkStart } from "@finlink/contracts";
import { Hono } from "hono";
import type { AppEnv } from "../../app-env";
import { RETURN_PATH } from "../link/return-url";
import { frameAncestors } from "./frame-ancestors";
import { readAsset } from "./static-files";

/**
 * The page's policy: scripts and styles only from our origin (no 'unsafe-inline': integrators with strict
 * CSPs need that), API calls only to us, and framing only by the app's registered origins.
 */
export const linkPagePolicy = (ancestors: string) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors}`,
  ].join("; ");

const NOT_BUILT = "The Link widget is not built: run `pnpm --filter @finlink/link build`.";

/**
 * Serves the built Link widget at `/link` (index), `/link/return` (the same index: where banks send the user back
 * from a redirect sign-in) and `/link/assets/*` (content-hashed, cached for a year).
 */
export function linkPageRouter(distDir: string) {
  return new Hono<AppEnv>()
    .get("/link/assets/:name", async (c) => {
      // The raw path segment: a decoded one could hide "../" behind %2f.
      const name = c.req.path.slice("/link/assets/".length);
      const file = await readAsset(join(distDir, "assets"), name);
      if (!file) return c.notFound();
      c.header("Cache-Control", "public, max-age=31536000, immutable");
      return c.body(file.body, 200, { "Content-Type": file.type });
    })
    .get("/link", async (c) => {
      // The URL carries a start token or an update token: no cache may keep the answer.
      c.header("Cache-Control", "no-store");
      const page = await readFile(join(distDir, "index.html")).catch(() => undefined);
      const start = parseLinkStart(new URL(c.req.url).searchParams);
      c.header("Content-Security-Policy", linkPagePolicy(await frameAncestors(c.var.services, start)));
      // …and no Referer may carry it on.
      c.header("Referrer-Policy", "no-referrer");
      if (!page) return c.text(NOT_BUILT, 503);
      return c.body(new Uint8Array(page), 200, { "Content-Type": "text/html; charset=utf-8" });
    })
    .get(RETURN_PATH, async (c) => {
      // The bank's return: the URL carries its authorization code, so the same care as /link — and nobody may
      // frame it (the bank's page is always top-level, and so is where it sends the user back).
      c.header("Cache-Control", "no-store");
      c.header("Content-Security-Policy", linkPagePolicy("'none'"));
      c.header("Referrer-Policy", "no-referrer");
      const page = await readFile(join(distDir, "index.html")).catch(() => undefined);
      if (!page) return c.text(NOT_BUILT, 503);
      return c.body(new Uint8Array(page), 200, { "Content-Type": "text/html; charset=utf-8" });
    })
    .get("/link/", (c) => {
      // The Location repeats the query, tokens included; a 301 is otherwise cached indefinitely.
      c.header("Cache-Control", "no-store");
      return c.redirect(`/link${new URL(c.req.url).search}`, 301);
    });
}
