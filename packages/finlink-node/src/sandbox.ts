import {
  FireWebhookResponse,
  ResetLoginResponse,
  type SandboxPublicTokenRequest,
  SandboxPublicTokenResponse,
  type WebhookType,
} from "@finlink/contracts";
import type { Send } from "./transport";

const post = { method: "POST", auth: true, retry: "unsafe" } as const;
const connectionPath = "/api/v1/sandbox/connections/{connectionToken}";

/** The sandbox API (Finlink in sandbox mode only): what an integrator's own tests drive instead of a browser. */
export function sandboxOperations(send: Send) {
  return {
    /** `POST /api/v1/sandbox/public-token`: signs in as a sandbox user (MFA answered) and answers a publicToken. */
    publicToken: (body: SandboxPublicTokenRequest) =>
      send({ ...post, route: "/api/v1/sandbox/public-token", body, schema: SandboxPublicTokenResponse }),

    /** `POST …/fire-webhook`: queues a webhook of `type` for the connection. */
    fireWebhook: (connectionToken: string, type: WebhookType) =>
      send({
        ...post,
        route: `${connectionPath}/fire-webhook`,
        params: { connectionToken },
        body: { type },
        schema: FireWebhookResponse,
      }),

    /** `POST …/reset-login`: as if the user changed their password at the entity (→ a restoreToken). */
    resetLogin: (connectionToken: string) =>
      send({
        ...post,
        route: `${connectionPath}/reset-login`,
        params: { connectionToken },
        schema: ResetLoginResponse,
      }),
  };
}
