import { SIGNATURE_HEADER } from "@finlink/node";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../../app-env";
import { ApiError } from "../../lib/problem";

/** Finlink's bodies are a few hundred bytes; this leaves room for growth and none for a flood. */
export const MAX_WEBHOOK_BYTES = 64 * 1024;

/**
 * `POST /webhooks/finlink`: Finlink's deliveries, server to server — outside `/api`, so no session, no
 * Origin check and no CSRF rule applies; the signature is the authentication. The body is read once, as
 * bytes, and verified before anything parses it.
 */
export const webhooksRouter = new Hono<AppEnv>().post(
  "/finlink",
  bodyLimit({
    maxSize: MAX_WEBHOOK_BYTES,
    onError: () => {
      throw new ApiError(413, "Content Too Large", `The body is larger than ${MAX_WEBHOOK_BYTES} bytes`, {
        reason: "BODY_TOO_LARGE",
      });
    },
  }),
  async (c) => {
    const receipt = await c.var.services.webhooks.receive(await c.req.arrayBuffer(), c.req.header(SIGNATURE_HEADER));
    return c.json(receipt, 200);
  },
);
