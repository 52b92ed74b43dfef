import { ApiError } from "../../lib/problem";
import type { Services } from "../../services";

/**
 * Link sessions opened per client address: 60 in 10 minutes. Each is a stored row for 30 minutes (and a
 * fresh set of 5 sign-in attempts), so an unbounded opener fills the table; a person opens Link a few
 * times per connection, and 60 leaves room for an office or a carrier NAT with a dozen people connecting at
 * once. Sessions opened by the same address beyond it are refused with 429 `SESSIONS_THROTTLED`.
 */
export const SESSION_OPEN_LIMIT = 60;
export const SESSION_OPEN_WINDOW_MS = 10 * 60_000;

/** Counts a session opening for the client's address (none when it is unknown), or refuses it with 429. */
export async function takeSessionOpening(services: Services, address: string | null): Promise<void> {
  if (!address) return;
  const wait = await services.limits.linkSessionsPerAddress.take(address, services.now().getTime());
  if (wait > 0) {
    throw new ApiError(429, "Too Many Requests", "Too many Link sessions opened from this address: try again later", {
      reason: "SESSIONS_THROTTLED",
      retryable: true,
      retryAfter: wait,
    });
  }
}
