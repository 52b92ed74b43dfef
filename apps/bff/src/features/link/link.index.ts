import { BffCompleteRequest, BffExchangeRequest, BffLinkStartRequest } from "@finlink/contracts";
import { createRouter } from "../../app-env";
import { jsonBody } from "../../middleware/json-body";
import { signedInUser } from "../session/session.middleware";
import { completeUpdate } from "./complete.service";
import { exchangeLinkResult } from "./exchange.service";
import { startLink } from "./start.service";

/** Opening Link for a new connection, and taking its result back. */
export const linkRouter = createRouter()
  .post("/link/start", jsonBody(BffLinkStartRequest), async (c) => {
    const user = signedInUser(c);
    const { entity, lang, theme } = c.req.valid("json");
    const started = await startLink(c.var.services, {
      userId: user.id,
      looks: { lang, theme },
      request: entity ? { entity } : {},
    });
    return c.json(started, 200);
  })
  .post("/link/exchange", jsonBody(BffExchangeRequest), async (c) => {
    const user = signedInUser(c);
    return c.json(await exchangeLinkResult(c.var.services, user.id, c.req.valid("json")), 201);
  })
  .post("/link/complete", jsonBody(BffCompleteRequest), async (c) => {
    const user = signedInUser(c);
    return c.json(await completeUpdate(c.var.services, user.id, c.req.valid("json").state), 200);
  });
