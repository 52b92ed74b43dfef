/** Why the hook cannot open Link: `error` of `useFinlinkLink`. */
export type FinlinkLinkErrorReason =
  /** `url` is not an absolute http(s) URL. */
  | "INVALID_URL"
  /** The iframe reported a load error. */
  | "FRAME_LOAD_FAILED"
  /** The iframe did not load in time (network down, Link unreachable). */
  | "FRAME_TIMEOUT";

export class FinlinkLinkError extends Error {
  override name = "FinlinkLinkError";
  constructor(
    readonly reason: FinlinkLinkErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The Link URL, when it is an absolute http(s) URL (never `javascript:` or a relative path, which would load the
 * app itself in the frame); null while the app has none yet.
 */
export function parseLinkUrl(url: string | null | undefined): URL | FinlinkLinkError | null {
  if (url === null || url === undefined || url === "") return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return new FinlinkLinkError("INVALID_URL", "The Link URL is not an absolute URL");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    return new FinlinkLinkError("INVALID_URL", `The Link URL must be http(s), not ${parsed.protocol}`);
  }
  return parsed;
}
