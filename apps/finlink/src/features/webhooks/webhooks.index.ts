import { PublicJwk, text } from "@finlink/contracts";
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../app-env";
import { errorResponses } from "../../lib/openapi";
import { notFound } from "../../lib/problem";

const getVerificationKey = createRoute({
  method: "get",
  path: "/api/v1/webhook_verification/{keyId}",
  tags: ["Webhooks"],
  summary: "Public key that verifies webhook signatures",
  security: [],
  description:
    "The `kid` of a webhook's `vumi-verification` JWT (a UUID) names the key. Answers the public JWK (`kty`, `crv`, `x`, `y`, `alg`, `kid`, `use`). No authentication.",
  request: { params: z.object({ keyId: text({ max: 100 }) }) },
  responses: {
    200: { description: "Public JWK (ES256)", content: { "application/json": { schema: PublicJwk } } },
    404: errorResponses[404],
  },
});

export const webhooksRouter = createRouter().openapi(getVerificationKey, async (c) => {
  const jwk = await c.var.services.keys.webhookJwk(c.req.valid("param").keyId);
  if (!jwk) throw notFound("No webhook verification key has this id", { reason: "UNKNOWN_KEY" });
  c.header("Cache-Control", "public, max-age=3600");
  return c.json(PublicJwk.parse(jwk), 200);
});
