import pino from "pino";

export type Logger = pino.Logger;

// Tokens travel in URL paths (as in Vumi's API); these are the path segments that carry one.
const TOKEN_SEGMENT = /\/(exchange|connections|sandbox\/connections)\/([^/?]+)/g;
const TOKEN_QUERY = /([?&](?:token|authToken|update_token|restore_token|publicToken)=)[^&]*/gi;

/** A request path with every token replaced by `[redacted]`, safe to log. */
export function redactPath(path: string): string {
  return path
    .replace(TOKEN_SEGMENT, (_m, prefix: string, value: string) =>
      value === "pending" || value === "start-flow" ? `/${prefix}/${value}` : `/${prefix}/[redacted]`,
    )
    .replace(TOKEN_QUERY, "$1[redacted]");
}

/** JSON-lines logger; never give it a token, secret or credential (paths go through `redactPath`). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "finlink" },
    redact: { paths: ["*.authorization", "*.password", "*.clientSecret", "*.credentials"], censor: "[redacted]" },
  });
}
