import { createRouter } from "../../app-env";
import * as handlers from "./sandbox.handlers";
import * as routes from "./sandbox.routes";

/** Sandbox-only API (mounted in sandbox mode, behind the `write` scope): integrators' tests without a browser. */
export const sandboxRouter = createRouter()
  .openapi(routes.publicToken, handlers.publicToken)
  .openapi(routes.fireWebhook, handlers.fire)
  .openapi(routes.resetLogin, handlers.reset);
