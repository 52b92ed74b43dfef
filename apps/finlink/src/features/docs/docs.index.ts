import { randomBytes } from "node:crypto";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import { createRouter } from "../../app-env";
import { withSharedRules } from "../../lib/openapi";
import { ApiError, notFound } from "../../lib/problem";
import { documentInfo, withSandboxExamples } from "./docs-document";
import { GUIDE_POLICY, guidePage, REFERENCE_PATH, referencePage, referencePolicy } from "./docs-pages";
import { findGuide, renderGuide } from "./guides";
import { type DocsAsset, docsAssets } from "./static-assets";

const loadAssets = () =>
  docsAssets().catch(() => {
    throw new ApiError(503, "Service Unavailable", "The API reference's assets are missing: run `pnpm install`", {
      reason: "DOCS_ASSETS_MISSING",
    });
  });

/** An asset, gzipped when the client takes it; its path is versioned, so it is cached for a year. */
function serveAsset(c: Context<AppEnv>, asset: DocsAsset) {
  c.header("Cache-Control", "public, max-age=31536000, immutable");
  c.header("ETag", asset.etag);
  c.header("Vary", "Accept-Encoding");
  if (c.req.header("If-None-Match") === asset.etag) return c.body(null, 304);
  const gzip = /\bgzip\b/.test(c.req.header("Accept-Encoding") ?? "");
  if (gzip) c.header("Content-Encoding", "gzip");
  return c.body(gzip ? asset.gzipped : asset.body, 200, { "Content-Type": asset.type });
}

/**
 * `/api/v1/openapi.json` (OpenAPI 3.1, generated from the zod routes), the API reference at
 * `/api/v1/docs` (Scalar, served from this origin) and the guides at `/api/v1/docs/guides/<slug>`.
 */
export function docsRouter(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Token from POST /api/v1/auth/login",
  });
  let cached: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  const document = (c: Context<AppEnv>) => {
    const { config } = c.var.services;
    cached ??= withSandboxExamples(
      withSharedRules(
        app.getOpenAPI31Document({
          openapi: "3.1.0",
          info: documentInfo(config),
          // The page's own origin first, so "Test Request" works whatever name the page was opened under
          // (a cross-origin call would need CORS, which the API does not offer); the public URL for tools.
          servers: [
            { url: "/", description: "This server" },
            { url: config.publicUrl, description: "The server's public URL" },
          ],
        }),
      ),
      config,
    );
    return cached;
  };
  const guides = new Map<string, string>();
  return createRouter()
    .get("/api/v1/openapi.json", (c) => c.json(document(c)))
    .get(REFERENCE_PATH, async (c) => {
      const assets = await loadAssets();
      const nonce = randomBytes(16).toString("base64");
      c.header("Content-Security-Policy", referencePolicy(nonce, c.var.services.config.publicUrl));
      return c.html(referencePage(assets, nonce));
    })
    .get(`${REFERENCE_PATH}/assets/:name`, async (c) => {
      const asset = (await loadAssets()).byName.get(c.req.param("name"));
      if (!asset)
        throw notFound("No docs asset has this name: the page names the current ones", { reason: "NO_SUCH_ASSET" });
      return serveAsset(c, asset);
    })
    .get(`${REFERENCE_PATH}/guides/:slug`, async (c) => {
      const guide = findGuide(c.req.param("slug"));
      if (!guide)
        throw notFound("No guide has this name: the bar at the top of /api/v1/docs lists them", {
          reason: "NO_SUCH_GUIDE",
        });
      const assets = await loadAssets();
      const body = guides.get(guide.slug) ?? (await renderGuide(guide, c.var.services.config.publicUrl));
      guides.set(guide.slug, body);
      c.header("Content-Security-Policy", GUIDE_POLICY);
      return c.html(guidePage(assets, guide.slug, guide.title, body));
    })
    .get("/", (c) => c.redirect(REFERENCE_PATH));
}
