import { type BffLinkStartRequest, BffLinkUrl } from "@finlink/contracts";
import { api } from "../../../lib/api-client";

/**
 * `POST /api/link/start`: a Link URL for a new connection (the BFF binds a one-time `state` to the session).
 * No mutation hook: `useLinkLauncher` calls it, and owns the busy and error states of the whole flow.
 */
export const startLink = (request: BffLinkStartRequest) =>
  api("/api/link/start", { method: "POST", body: request, schema: BffLinkUrl });
