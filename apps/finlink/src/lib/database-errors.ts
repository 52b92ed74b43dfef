import { ApiError } from "./problem";

// Connection-level failures: the database went away (restart, failover, network), not a bad statement.
// SQLSTATE class 08 (connection exception), 57P01–57P03 (shut down, crashed, starting up), and the
// socket errors node-postgres passes through.
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123])$/;
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect/i;

/** Whether `error` (or what it wraps: drizzle wraps the driver's error in `cause`) says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== "object") return false;
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    if (typeof message === "string" && UNAVAILABLE_MESSAGE.test(message)) return true;
    current = cause;
  }
  return false;
}

/** What a request gets while the database is away: 503, retry in a second (the pool reconnects by itself). */
export const databaseUnavailable = () =>
  new ApiError(503, "Service Unavailable", "The database is unreachable for a moment; retry shortly", {
    reason: "DATABASE_UNAVAILABLE",
    retryAfter: 1,
  });
