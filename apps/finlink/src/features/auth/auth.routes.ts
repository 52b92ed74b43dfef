import { LoginRequest, LoginResponse } from "@finlink/contracts";
import { createRoute } from "@hono/zod-openapi";
import { errorResponses, problemResponse } from "../../lib/openapi";

export const login = createRoute({
  method: "post",
  path: "/api/v1/auth/login",
  tags: ["Auth"],
  summary: "Log in as an app",
  // No session needed (the reference's try-it panel then asks for none).
  security: [],
  description: "Trades the app's client id and secret for an ES256 JWT valid one hour, limited to the scopes asked.",
  request: { body: { required: true, content: { "application/json": { schema: LoginRequest } } } },
  responses: {
    200: { description: "Token", content: { "application/json": { schema: LoginResponse } } },
    400: errorResponses[400],
    401: problemResponse("`INVALID_CLIENT`: unknown client id or wrong secret"),
    429: problemResponse(
      "`LOGIN_THROTTLED` (with `Retry-After`): 20 failed logins from this client address in 5 minutes; never per client id",
    ),
    503: problemResponse("`LOGIN_BUSY` (with `Retry-After`): too many logins are being checked at once"),
  },
});
