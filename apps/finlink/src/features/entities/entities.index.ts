import { Entity } from "@finlink/contracts";
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../app-env";
import type { ConnectorEntity } from "../../connectors/connector";
import { bearer, errorResponses } from "../../lib/openapi";

const listEntities = createRoute({
  method: "get",
  path: "/api/v1/queries/entities",
  tags: ["Entities"],
  summary: "Financial entities Link can connect",
  security: bearer,
  responses: {
    200: { description: "Entities", content: { "application/json": { schema: z.array(Entity) } } },
    401: errorResponses[401],
    403: errorResponses[403],
  },
});

/** The public shape of an entity: what Link needs to draw the sign-in form stays out. */
export function toEntity({ credentialFields: _fields, ...entity }: ConnectorEntity): Entity {
  return entity;
}

export const entitiesRouter = createRouter().openapi(listEntities, (c) =>
  c.json(c.var.services.connectors.entities().map(toEntity), 200),
);
