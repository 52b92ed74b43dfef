import type { FinlinkClient } from "@finlink/node";
import type { Logger } from "../lib/logger";

/**
 * The id of the registered redirect Link ends on: FINLINK_REDIRECT_ID, or else read once from
 * `GET /api/v1/queries/app` — the redirect whose URI is this app's `/link/callback`, or the first one —
 * and kept (a failed read is tried again on the next call).
 */
export function redirectResolver(options: {
  configured: string | undefined;
  callbackUrl: string;
  api: FinlinkClient;
  logger: Logger;
}): () => Promise<string> {
  let cached: Promise<string> | undefined = options.configured ? Promise.resolve(options.configured) : undefined;
  const read = async () => {
    const { redirects } = await options.api.app();
    const redirect = redirects.find((r) => r.uri === options.callbackUrl) ?? redirects[0];
    if (!redirect) throw new Error("the Finlink app has no registered redirect: register APP_URL/link/callback");
    if (redirect.uri !== options.callbackUrl) {
      options.logger.warn(
        { redirectUri: redirect.uri, expected: options.callbackUrl },
        "no Finlink redirect is this app's /link/callback: Link will end elsewhere",
      );
    }
    return redirect.id;
  };
  return () => {
    cached ??= read().catch((error) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}
