import { createHash } from "node:crypto";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { html } from "hono/html";
import type { AppEnv } from "../../app-env";
import { createRouter } from "../../app-env";
import { withSharedRules } from "../../lib/openapi";
import { renderDocs } from "./render-docs";

const INFO = {
  title: "Finlink API",
  version: "1.0.0",
  description:
    "A self-hostable implementation of the Vumi Finlink API: apps log in, start Link, exchange the one-time publicToken for a connectionToken and read the extracted data.\n\n" +
    "Errors are RFC 9457 `application/problem+json`. No string input (body, path, query or header) may hold a control character (U+0000–U+001F, U+007F–U+009F): such a request is refused with 400, as is a body that is not JSON (415 when it is not sent as JSON, 413 beyond 64 KiB). Unknown query parameters and unknown body fields are ignored, so clients may send ones a later version reads. Every answer carries `X-Request-ID` and, from `/api`, `Cache-Control: no-store` (the public verification key aside).",
};

/** `/api/v1/openapi.json` (OpenAPI 3.1, generated from the zod routes) and a self-contained docs page. */
export function docsRouter(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Token from POST /api/v1/auth/login",
  });
  let cached: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  const document = (serverUrl: string) => {
    cached ??= withSharedRules(
      app.getOpenAPI31Document({ openapi: "3.1.0", info: INFO, servers: [{ url: serverUrl }] }),
    );
    return cached;
  };
  return createRouter()
    .get("/api/v1/openapi.json", (c) => c.json(document(c.var.services.config.publicUrl)))
    .get("/api/v1/docs", (c) => {
      const { body, style } = renderDocs(document(c.var.services.config.publicUrl));
      // The page's one inline style is allowed by its hash: no 'unsafe-inline', no script at all.
      const styleHash = createHash("sha256").update(style).digest("base64");
      c.header(
        "Content-Security-Policy",
        `default-src 'none'; style-src 'sha256-${styleHash}'; frame-ancestors 'none'`,
      );
      return c.html(html`<!doctype html>${body}`);
    })
    .get("/", (c) => c.redirect("/api/v1/docs"));
}
