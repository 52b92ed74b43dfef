import type { Config } from "../../config";

/** Where a bank's page sends the user back: Link's return page, on Finlink's own origin. */
export const RETURN_PATH = "/link/return";

/**
 * The OAuth `redirect_uri` Finlink registers with banks: `<public origin>/link/return`. Only this URL is accepted
 * back (`POST /link/redirect/complete` checks origin and path), and the sandbox bank redirects nowhere else.
 * @example redirectUri({ publicUrl: "https://api.finlink.example" }) // "https://api.finlink.example/link/return"
 */
export const redirectUri = (config: Pick<Config, "publicUrl">) => `${new URL(config.publicUrl).origin}${RETURN_PATH}`;

/** Where Link sends the browser first: Finlink binds the redirect to this browser (a cookie), then 303s to the bank. */
export const BEGIN_PATH = "/link/redirect/begin";

/** The binding cookie's path: only the completion (`POST /api/v1/link/redirect/complete`) ever receives it. */
export const BINDING_COOKIE_PATH = "/api/v1/link/redirect";

/**
 * The binding cookie of the redirect whose state hashes to `stateHash` (hex): named after it, so two tabs' redirects
 * do not overwrite each other's cookie.
 */
export const bindingCookieName = (stateHash: string) => `finlink_rd_${stateHash.slice(0, 16)}`;
