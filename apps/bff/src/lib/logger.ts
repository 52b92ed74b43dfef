import pino from "pino";

export type Logger = pino.Logger;

/**
 * JSON-lines logger. Never give it a token, a session id or a Finlink answer body; errors are logged by
 * their type, message and stack only (a FinlinkError carries no token: its paths are route templates).
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "bff" },
    redact: { paths: ["*.cookie", "*.authorization", "*.connectionToken", "*.publicToken"], censor: "[redacted]" },
  });
}

/**
 * An error as a log line carries it: what went wrong and where. drizzle's "Failed query: <sql> params: …"
 * repeats the parameters in its message and stack, so those keep only the stack's frames.
 */
export function serializeError(error: unknown): { type: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: "(a thrown value that is not an Error)" };
  const message = error.message.startsWith("Failed query:")
    ? "Failed query (SQL and parameters left out)"
    : error.message;
  const frames = error.stack?.split("\n").filter((line) => /^\s+at /.test(line)) ?? [];
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.name}: ${error.cause.message})` : "";
  return { type: error.name, message: `${message}${cause}`, stack: frames.join("\n") };
}
