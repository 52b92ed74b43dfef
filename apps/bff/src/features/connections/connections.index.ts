import { BffLinkUpdateRequest } from "@finlink/contracts";
import { createRouter } from "../../app-env";
import { jsonBody } from "../../middleware/json-body";
import { startLink } from "../link/start.service";
import { signedInUser } from "../session/session.middleware";
import { toBffConnection } from "./connection-view";
import { ownedConnection, userConnections } from "./connections.service";
import { deleteConnection, refreshConnection, userTokenOf } from "./maintenance.service";

/** The signed-in user's connections: list, status (what the SPA polls), delete, refresh, update in Link. */
export const connectionsRouter = createRouter()
  .get("/connections", async (c) => {
    const { services } = c.var;
    const rows = await userConnections(services, signedInUser(c).id);
    const current = await Promise.all(rows.map((row) => services.poller.current(row)));
    return c.json(current.map(toBffConnection), 200);
  })
  .get("/connections/:id", async (c) => {
    const { services } = c.var;
    const row = await ownedConnection(services, signedInUser(c).id, c.req.param("id"));
    return c.json(toBffConnection(await services.poller.current(row)), 200);
  })
  .delete("/connections/:id", async (c) => {
    const { services } = c.var;
    await deleteConnection(services, await ownedConnection(services, signedInUser(c).id, c.req.param("id")));
    return c.body(null, 204);
  })
  .post("/connections/:id/refresh", async (c) => {
    const { services } = c.var;
    const row = await ownedConnection(services, signedInUser(c).id, c.req.param("id"));
    return c.json(await refreshConnection(services, row), 202);
  })
  .post("/connections/:id/update", jsonBody(BffLinkUpdateRequest), async (c) => {
    const { services } = c.var;
    const user = signedInUser(c);
    const row = await ownedConnection(services, user.id, c.req.param("id"));
    const request = await userTokenOf(services, row);
    const started = await startLink(services, {
      userId: user.id,
      looks: c.req.valid("json"),
      request,
      connectionId: row.id,
    });
    return c.json(started, 200);
  });
