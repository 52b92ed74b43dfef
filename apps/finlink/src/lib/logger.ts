import pino from "pino";

export type Logger = pino.Logger;

// Tokens travel in URL paths (as in Vumi's API): the segment after `exchange/`, and the one after
// `connections/` unless it names a route. Query parameters that carry tokens are hidden too.
const ROUTE_WORDS = new Set(["pending", "start-flow", "exchange"]);
const TOKEN_QUERY = /([?&](?:token|authToken|update_token|restore_token|publicToken)=)[^&]*/gi;

/** A request path with every token replaced by `[redacted]`, safe to log. */
export function redactPath(path: string): string {
  const [pathname = "", query] = path.split(/\?(.*)/s, 2);
  const segments = pathname.split("/");
  const redacted = segments.map((segment, i) => {
    const previous = segments[i - 1];
    const isToken =
      previous === "exchange" || (previous === "connections" && segment !== "" && !ROUTE_WORDS.has(segment));
    return isToken ? "[redacted]" : segment;
  });
  // A leading "&" lets the pattern match the first parameter too; it is dropped again after.
  const safeQuery = query === undefined ? "" : `?${`&${query}`.replace(TOKEN_QUERY, "$1[redacted]").slice(1)}`;
  return redacted.join("/") + safeQuery;
}

/** JSON-lines logger; never give it a token, secret or credential (paths go through `redactPath`). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "finlink" },
    redact: { paths: ["*.authorization", "*.password", "*.clientSecret", "*.credentials"], censor: "[redacted]" },
  });
}
