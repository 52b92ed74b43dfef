import { type BffLinkUpdateRequest, BffLinkUrl } from "@finlink/contracts";
import { api } from "../../../lib/api-client";
import { connectionApi } from "../../../lib/bff-paths";

/**
 * `POST /api/connections/:id/update`: a Link URL for the connection's update or restore token.
 * No mutation hook: `useLinkLauncher` calls it, and owns the busy and error states of the whole flow.
 */
export const startUpdate = (id: string, looks: BffLinkUpdateRequest) =>
  api(`${connectionApi(id)}/update`, { method: "POST", body: looks, schema: BffLinkUrl });
