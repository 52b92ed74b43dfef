import { AppSettings } from "@finlink/contracts";
import { createRoute } from "@hono/zod-openapi";
import { bearer, errorResponses, problemResponse } from "../../lib/openapi";

export const getApp = createRoute({
  method: "get",
  path: "/api/v1/queries/app",
  tags: ["Apps"],
  summary: "The calling app's settings",
  description:
    "Its redirects (with the ids Link is started with), its webhook URL and the privacy policy and terms Link's consent screen links to.",
  security: bearer,
  responses: {
    200: { description: "Settings", content: { "application/json": { schema: AppSettings } } },
    401: errorResponses[401],
    403: errorResponses[403],
    404: problemResponse("The app of this token no longer exists"),
  },
});
