import type { Config } from "../../../config";
import { consoleOrigin, SESSION_COOKIE } from "../console-session";
import { consoleApiOperations } from "./console-api.index";
import { CONSOLE_API } from "./console-api-shared";

consoleApiOperations.openAPIRegistry.registerComponent("securitySchemes", "operatorSession", {
  type: "apiKey",
  in: "cookie",
  name: SESSION_COOKIE,
  description:
    "The console's session cookie, from signing in through the form (`POST /console/sign-in` with the console's own `Origin`). Named `__Host-finlink_console` when the console is on https. HttpOnly, SameSite=Strict; ends after 30 idle minutes or 12 hours.",
});
consoleApiOperations.openAPIRegistry.registerComponent("securitySchemes", "csrfToken", {
  type: "apiKey",
  in: "header",
  name: "X-CSRF-Token",
  description:
    "The session's CSRF token (`GET /console/api/v1/session`), on every POST, PUT and DELETE, with an `Origin` header equal to the console's origin.",
});

type Document = ReturnType<typeof consoleApiOperations.getOpenAPI31Document>;
const documents = new WeakMap<Config, Document>();
/** The console's own OpenAPI document (decision 011: apart from the API's, on the console's origin). */
export function consoleApiDocument(config: Config): Document {
  const cached = documents.get(config);
  if (cached) return cached;
  const document = consoleApiOperations.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "Finlink operator console API",
      version: "1.0.0",
      description:
        "What the operator console's forms do, as JSON: apps, redirects, webhook URL, consent links, start mode, client secrets, connections, webhook deliveries, entities. Each operation calls the same service as the form, with the same rules and the same words when one is broken (400 `INVALID_SETTING`). Errors are RFC 9457 `application/problem+json`. Sign in through the console's form; send the cookie with every call, and on writes the CSRF token and the console's `Origin`.",
    },
    servers: [
      { url: "/", description: "This console" },
      { url: consoleOrigin(config), description: "The console's public URL (FINLINK_CONSOLE_URL)" },
    ],
  });
  documents.set(config, document);
  return document;
}

/** The operations, and their document at /console/api/v1/openapi.json behind the same session (not an operation). */
export const consoleApiRouter = consoleApiOperations.get(`${CONSOLE_API}/openapi.json`, (c) =>
  c.json(consoleApiDocument(c.var.services.config)),
);
