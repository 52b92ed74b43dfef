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

/**
 * The public shape of an entity: what only Link draws (the sign-in form or redirect, brand colour, popularity,
 * the forgotten-password page) stays out,
 * and a logo on Finlink's own origin becomes an absolute URL, since an integrator shows it on another site.
 */
export function toEntity(
  {
    credentialFields: _fields,
    brandColor: _color,
    popularity: _popularity,
    forgotPasswordUrl: _forgot,
    signIn: _signIn,
    ...entity
  }: ConnectorEntity,
  publicUrl: string,
): Entity {
  return { ...entity, logoUrl: entity.logoUrl && new URL(entity.logoUrl, publicUrl).href };
}

export const entitiesRouter = createRouter().openapi(listEntities, (c) => {
  const { publicUrl } = c.var.services.config;
  return c.json(
    c.var.services.connectors.entities().map((entity) => toEntity(entity, publicUrl)),
    200,
  );
});
