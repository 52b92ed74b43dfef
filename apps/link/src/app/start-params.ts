import type { CreateLinkSessionRequest } from "@finlink/contracts";
// The subpath, not the package root: the root would bring every zod schema into Link's first chunk.
import { type LinkUiParams, linkSessionRequest, parseLinkStart } from "@finlink/contracts/link-start";
import { LinkApiError } from "../api/link-api-error";

/** How Link starts from its URL: the session request to send, or why the URL is refused. */
export interface StartParams extends LinkUiParams {
  /** Only the looks when refused. */
  request: CreateLinkSessionRequest;
  refusal: LinkApiError | null;
}

/**
 * Link's URL, read by the parse the server uses for the page's `frame-ancestors` and for the session, so
 * the app Link opens is the app whose sites the page let frame it. A URL naming two starts (a start token
 * and a redirect id, or two different values of one parameter) is refused here, before any request.
 * @example readStartParams("?id=…&lang=EN") // { request: { id: "…", lang: "en" }, refusal: null, lang: "en" }
 */
export function readStartParams(search: string): StartParams {
  const start = parseLinkStart(new URLSearchParams(search));
  const looks: LinkUiParams = {
    ...(start.lang ? { lang: start.lang } : {}),
    ...(start.theme ? { theme: start.theme } : {}),
  };
  if (start.kind !== "error") return { request: linkSessionRequest(start), refusal: null, ...looks };
  const refusal = new LinkApiError({ status: 400, reason: start.reason, message: start.message, retryable: false });
  return { request: looks, refusal, ...looks };
}
