import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../config";
import { consoleRouter } from "../console.index";
import { consoleApiDocument } from "./console-api.document";

/**
 * Every console form (a POST under /console/apps) and the JSON operation that does the same, written out: a new
 * form without an operation, or an operation dropped from the document, fails this test.
 */
const FORM_OPERATIONS: Record<string, string> = {
  "POST /console/apps": "post /console/api/v1/apps",
  "POST /console/apps/:appId/name": "put /console/api/v1/apps/{appId}/name",
  "POST /console/apps/:appId/redirects": "post /console/api/v1/apps/{appId}/redirects",
  "POST /console/apps/:appId/redirects/:redirectId/delete":
    "delete /console/api/v1/apps/{appId}/redirects/{redirectId}",
  "POST /console/apps/:appId/webhook-url": "put /console/api/v1/apps/{appId}/webhook-url",
  "POST /console/apps/:appId/links": "put /console/api/v1/apps/{appId}/links",
  "POST /console/apps/:appId/start-mode": "put /console/api/v1/apps/{appId}/start-mode",
  "POST /console/apps/:appId/secrets": "post /console/api/v1/apps/{appId}/secrets",
  "POST /console/apps/:appId/secrets/:secretId/revoke": "post /console/api/v1/apps/{appId}/secrets/{secretId}/revoke",
  "POST /console/apps/:appId/connections/:connectionId/delete":
    "delete /console/api/v1/apps/{appId}/connections/{connectionId}",
  "POST /console/apps/:appId/webhooks/recover": "post /console/api/v1/apps/{appId}/webhooks/recover",
  "POST /console/apps/:appId/webhooks/:eventId/replay": "post /console/api/v1/apps/{appId}/webhooks/{eventId}/replay",
};

/** What each page shows, and the operations that read the same. */
const PAGE_OPERATIONS: Record<string, string[]> = {
  "GET /console/apps": ["get /console/api/v1/apps"],
  "GET /console/apps/:appId": ["get /console/api/v1/apps/{appId}", "get /console/api/v1/apps/{appId}/secrets"],
  "GET /console/apps/:appId/connections": ["get /console/api/v1/apps/{appId}/connections"],
  "GET /console/apps/:appId/webhooks": [
    "get /console/api/v1/apps/{appId}/webhooks",
    "get /console/api/v1/apps/{appId}/webhook-endpoint",
  ],
  "GET /console/apps/:appId/webhooks/:eventId": ["get /console/api/v1/apps/{appId}/webhooks/{eventId}/attempts"],
  "GET /console/entities": ["get /console/api/v1/entities"],
};

const routesOf = (method: string, under: RegExp) =>
  [
    ...new Set(
      consoleRouter.routes.filter((r) => r.method === method && under.test(r.path)).map((r) => `${method} ${r.path}`),
    ),
  ].sort();

const documented = () => {
  const paths = consoleApiDocument(loadConfig({})).paths ?? {};
  return new Set(Object.entries(paths).flatMap(([path, item]) => Object.keys(item ?? {}).map((m) => `${m} ${path}`)));
};

describe("each console form and page has its JSON operation", () => {
  it("every form post under /console/apps is in the map, and its operation is in the console's document", () => {
    const forms = routesOf("POST", /^\/console\/apps(\/|$)/);
    expect(forms.length).toBeGreaterThanOrEqual(12);
    expect(forms).toEqual(Object.keys(FORM_OPERATIONS).sort());
    const operations = documented();
    for (const [form, operation] of Object.entries(FORM_OPERATIONS)) expect(operations, form).toContain(operation);
  });

  it("every page is in the map, and the operations reading the same are documented", () => {
    const pages = routesOf("GET", /^\/console\/(apps|entities)(\/|$)/);
    expect(pages).toEqual(Object.keys(PAGE_OPERATIONS).sort());
    const operations = documented();
    for (const [pageRoute, reads] of Object.entries(PAGE_OPERATIONS)) {
      for (const operation of reads) expect(operations, pageRoute).toContain(operation);
    }
  });
});
