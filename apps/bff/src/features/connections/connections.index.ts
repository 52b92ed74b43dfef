import { BffLinkUpdateRequest } from "@finlink/contracts";
import { createRouter } from "../../app-env";
import { connectionNotFound } from "../../lib/problem";
import { jsonBody } from "../../middleware/json-body";
import { startLink } from "../link/start.service";
import { signedInUser } from "../session/session.middleware";
import { streamConnection } from "./connection-stream";
import { toBffConnection } from "./connection-view";
import { ownedConnection, userConnections } from "./connections.service";
import { deleteConnection, refreshConnection, userTokenOf } from "./maintenance.service";

/**
 * The signed-in user's connections: list, status (what the SPA polls), its live events (what the SPA listens
 * to instead while it can), delete, refresh, update in Link.
 */
export const connectionsRouter = createRouter()
  .get("/connections", async (c) => {
    const { services } = c.var;
    const rows = await userConnections(services, signedInUser(c).id);
    const current = await Promise.all(rows.map((row) => services.poller.current(row)));
    // A connection Finlink no longer knows was removed on the way: it is not listed.
    return c.json(current.filter((row) => row !== null).map(toBffConnection), 200);
  })
  .get("/connections/:id", async (c) => {
    const { services } = c.var;
    const row = await ownedConnection(services, signedInUser(c).id, c.req.param("id"));
    const current = await services.poller.current(row);
    if (!current) throw connectionNotFound();
    return c.json(toBffConnection(current), 200);
  })
  .get("/connections/:id/events", async (c) => {
    const { services } = c.var;
    return streamConnection(c, await ownedConnection(services, signedInUser(c).id, c.req.param("id")));
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
