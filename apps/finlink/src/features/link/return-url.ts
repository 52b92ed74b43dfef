import type { Config } from "../../config";

/** Where a bank's page sends the user back: Link's return page, on Finlink's own origin. */
export const RETURN_PATH = "/link/return";

/**
 * The OAuth `redirect_uri` Finlink registers with banks: `<public origin>/link/return`. Only this URL is accepted
 * back (`POST /link/redirect/complete` checks origin and path), and the sandbox bank redirects nowhere else.
 * @example redirectUri({ publicUrl: "https://api.finlink.example" }) // "https://api.finlink.example/link/return"
 */
export const redirectUri = (config: Pick<Config, "publicUrl">) => `${new URL(config.publicUrl).origin}${RETURN_PATH}`;
