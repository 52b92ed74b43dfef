import type { RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { clientAddress } from "../../lib/client-address";
import { API_AUDIENCE, API_TOKEN_TYP } from "../../middleware/auth";
import type { login } from "./auth.routes";
import { checkLogin } from "./login.service";

const TOKEN_LIFETIME_SECONDS = 3600;

export const loginHandler: RouteHandler<typeof login, AppEnv> = async (c) => {
  const { clientId, clientSecret, scopes } = c.req.valid("json");
  const { services } = c.var;
  const appId = await checkLogin(
    services,
    { clientId, clientSecret },
    clientAddress(c, services.config.trustedProxies),
  );
  const granted = scopes ?? ["read", "write", "delete"];
  const token = await services.keys.sign(
    "api",
    { sub: appId, scope: [...new Set(granted)].join(" ") },
    { typ: API_TOKEN_TYP, audience: API_AUDIENCE, expiresInSeconds: TOKEN_LIFETIME_SECONDS },
  );
  return c.json({ token }, 200);
};
