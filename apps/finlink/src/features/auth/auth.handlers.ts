import type { RouteHandler } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { AppEnv } from "../../app-env";
import { apps } from "../../db/schema";
import { verifySecret } from "../../lib/crypto";
import { tooManyRequests, unauthorized } from "../../lib/problem";
import { API_AUDIENCE, API_TOKEN_TYP } from "../../middleware/auth";
import type { login } from "./auth.routes";

const TOKEN_LIFETIME_SECONDS = 3600;

export const loginHandler: RouteHandler<typeof login, AppEnv> = async (c) => {
  const { clientId, clientSecret, scopes } = c.req.valid("json");
  const { database, keys, now, limits } = c.var.services;
  // 10 failed logins per client id in 5 minutes, then 429: online guessing of a secret stops there.
  const failures = limits.apiLogin;
  const at = now().getTime();
  const wait = failures.retryAfter(clientId, at);
  if (wait > 0) {
    c.header("Retry-After", String(wait));
    throw tooManyRequests("Too many failed logins for this client id", wait);
  }
  const [app] = await database.db.select().from(apps).where(eq(apps.id, clientId));
  if (!app || !(await verifySecret(clientSecret, app.clientSecretHash))) {
    failures.hit(clientId, at);
    throw unauthorized("Unknown client id or wrong client secret");
  }
  const granted = scopes ?? ["read", "write", "delete"];
  const token = await keys.sign(
    "api",
    { sub: app.id, scope: [...new Set(granted)].join(" ") },
    { typ: API_TOKEN_TYP, audience: API_AUDIENCE, expiresInSeconds: TOKEN_LIFETIME_SECONDS },
  );
  return c.json({ token }, 200);
};
