/**
 * Update and restore tokens open Link for a user who must come back; a week covers an app that notifies
 * its user by mail. Past it Link refuses the token, the status stops showing it and a refresh issues a new one.
 */
export const USER_TOKEN_TTL_MS = 7 * 24 * 3600_000;
