import { createRouter } from "../../app-env";
import * as handlers from "./data.handlers";
import * as routes from "./data.routes";

/** Read-only account and investment data of a connection; the `read` scope is checked in app.ts. */
export const dataRouter = createRouter()
  .openapi(routes.listAccounts, handlers.listAccounts)
  .openapi(routes.listTransactions, handlers.listTransactions)
  .openapi(routes.listPortfolios, handlers.listPortfolios)
  .openapi(routes.listActivePositions, handlers.listActivePositions)
  .openapi(routes.listPortfolioTransactions, handlers.listPortfolioTransactions)
  .openapi(routes.listInvestments, handlers.listInvestments);
