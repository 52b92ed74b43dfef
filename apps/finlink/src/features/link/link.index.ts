import { createRouter } from "../../app-env";
import * as handlers from "./link.handlers";
import * as routes from "./link.routes";
import { LINK_SESSION_HEADER, LINK_SESSION_SCHEME } from "./link-session";

/** The API the Link widget calls, authenticated by its session token (`X-Link-Session`). */
export const linkApiRouter = createRouter()
  .openapi(routes.createSession, handlers.create)
  .openapi(routes.getSession, handlers.read)
  .openapi(routes.listEntities, handlers.entities)
  .openapi(routes.submitCredentials, handlers.credentials)
  .openapi(routes.submitMfa, handlers.mfa)
  .openapi(routes.finishSession, handlers.finish)
  .openapi(routes.exitSession, handlers.exit)
  .openapi(routes.startRedirect, handlers.redirect)
  .openapi(routes.completeRedirect, handlers.redirectComplete);

linkApiRouter.openAPIRegistry.registerComponent("securitySchemes", LINK_SESSION_SCHEME, {
  type: "apiKey",
  in: "header",
  name: LINK_SESSION_HEADER,
  description: "sessionToken from POST /api/v1/link/sessions; the widget keeps it in memory only",
});
