import { createRouter } from "../../app-env";
import * as handlers from "./connections.handlers";
import * as routes from "./connections.routes";

// `pending` before `{connectionToken}`: both match /queries/connections/<segment>.
export const connectionsRouter = createRouter()
  .openapi(routes.startFlow, handlers.startFlow)
  .openapi(routes.exchange, handlers.exchange)
  .openapi(routes.listPending, handlers.listPending)
  .openapi(routes.listConnections, handlers.listConnections)
  .openapi(routes.getConnection, handlers.getConnection)
  .openapi(routes.deleteConnection, handlers.remove)
  .openapi(routes.refreshConnection, handlers.refresh);
