import { ApiError } from "../../lib/problem";
import type { Services } from "../../services";

/**
 * Returns from the bank's page completed per client address: 30 in 10 minutes. `POST /link/redirect/complete`
 * needs no session token (the return may land in a new tab), so the `state` it carries is all that finds a
 * session: 256 random bits cannot be guessed, but an unauthenticated endpoint that decrypts and asks a bank
 * must not be free to hammer. A person completes a redirect once or twice per connection; 30 leaves room for an
 * office behind one address. Every call counts, answered or refused: a guess and an honest return look alike.
 */
export const REDIRECT_COMPLETE_LIMIT = 30;
export const REDIRECT_COMPLETE_WINDOW_MS = 10 * 60_000;

/** Counts a completion for the client's address (none when it is unknown), or refuses it with 429. */
export async function takeRedirectCompletion(services: Services, address: string | null): Promise<void> {
  if (!address) return;
  const wait = await services.limits.linkRedirectPerAddress.take(address, services.now().getTime());
  if (wait > 0) {
    throw new ApiError(
      429,
      "Too Many Requests",
      "Too many bank sign-ins completed from this address: try again later",
      {
        reason: "REDIRECT_THROTTLED",
        retryable: true,
        retryAfter: wait,
      },
    );
  }
}
