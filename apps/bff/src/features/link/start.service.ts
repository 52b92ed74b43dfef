import type { BffLinkStartRequest, StartFlowRequest } from "@finlink/contracts";
import { upstreamError } from "../../finlink/upstream-error";
import type { Services } from "../../services";
import { createState } from "./link-state.service";

type Looks = Pick<BffLinkStartRequest, "lang" | "theme">;

/**
 * Opens Link through start-flow (the user cannot change `externalId` or the state in a signed token) with a
 * fresh state; `lang` and `theme` are looks only, so they go on the URL, where Link reads them.
 */
export async function startLink(
  services: Services,
  input: {
    userId: string;
    looks: Looks;
    request: Pick<StartFlowRequest, "entity" | "updateToken" | "restoreToken">;
    connectionId?: string;
  },
): Promise<{ url: string }> {
  const state = await createState(services, {
    userId: input.userId,
    operation: input.connectionId ? "UPDATE" : "CONNECT",
    ...(input.connectionId ? { connectionId: input.connectionId } : {}),
  });
  let url: string;
  try {
    ({ url } = await services.finlink.api.startFlow({
      id: await services.redirectId(),
      product: "TRANSACTIONS",
      externalId: input.userId,
      state,
      ...input.request,
    }));
  } catch (error) {
    throw upstreamError(error, services.logger);
  }
  const link = new URL(url);
  if (input.looks.lang) link.searchParams.set("lang", input.looks.lang);
  if (input.looks.theme) link.searchParams.set("theme", input.looks.theme);
  return { url: link.toString() };
}
