import pino from "pino";

export type Logger = pino.Logger;

/** An error as a log line may carry it: what went wrong and where, never the values involved. */
export interface LoggedError {
  type: string;
  message: string;
  stack?: string;
  /** SQLSTATE (`22021`), errno name (`ECONNREFUSED`) or the like. */
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  cause?: LoggedError;
}

// Fields a database error names its schema objects by: names, not values.
const NAME_FIELDS = ["constraint", "table", "column"] as const;
const MAX_CAUSES = 5;

/**
 * `error` made safe to log. drizzle's query errors carry the SQL and its parameters (token hashes, the
 * encrypted credentials blob) as fields and again in the message and the stack, and PostgreSQL quotes
 * input values in its own messages (`invalid input syntax for type integer: "…"`) and in `detail`
 * (`Key (x)=(…) already exists`). So only a chosen few fields are kept: the message is cut before the
 * SQL, quoted text is replaced, and the stack keeps its frames but not the message it starts with.
 * @example logger.error({ error: serializeError(e) }, "unhandled error")
 */
export function serializeError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: "(a thrown value that is not an Error)" };
  const record = error as unknown as Record<string, unknown>;
  const message = safeMessage(error);
  const logged: LoggedError = { type: error.constructor?.name || error.name, message };
  const frames = error.stack?.split("\n").filter((line) => /^\s+at /.test(line));
  if (frames?.length) logged.stack = [`${logged.type}: ${message}`, ...frames].join("\n");
  if (typeof record.code === "string" || typeof record.code === "number") logged.code = String(record.code);
  for (const field of NAME_FIELDS) if (typeof record[field] === "string") logged[field] = record[field] as string;
  if (error.cause !== undefined && depth < MAX_CAUSES) logged.cause = serializeError(error.cause, depth + 1);
  return logged;
}

function safeMessage(error: Error): string {
  // drizzle's "Failed query: <sql>\nparams: <values>": the failure is in the cause, the stack names the call site.
  if (error.message.startsWith("Failed query:")) return "Failed query (SQL and parameters left out of logs)";
  return error.message.replace(/"[^"]*"|'[^']*'/g, '"[redacted]"');
}

/**
 * How standard output is written: lines gather up to LOG_BUFFER_BYTES and go out in one write, at the latest
 * LOG_FLUSH_MS after they were logged, and whatever is left when the process exits is written synchronously
 * (pino's exit hook). One write per line (pino's default) was a sixth of the status endpoint's time under load.
 */
export const LOG_BUFFER_BYTES = 8 * 1024;
export const LOG_FLUSH_MS = 200;

/** JSON-lines logger; never give it a token, secret or credential. Errors go through `serializeError`. */
export function createLogger(level: string, destination = standardOutput()): Logger {
  return pino(
    {
      level,
      base: { service: "finlink" },
      // Code that logs `{ err }` gets the same treatment; the app's own error handler logs `{ error: serializeError(e) }`.
      serializers: { err: serializeError },
      redact: { paths: ["*.authorization", "*.password", "*.clientSecret", "*.credentials"], censor: "[redacted]" },
    },
    destination,
  );
}

const standardOutput = () =>
  pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES, periodicFlush: LOG_FLUSH_MS });
