import { ConnectorFailure, type ExtractBatch, type ExtractInput } from "../connector";
import { findEntity } from "./entities";
import { sandboxError } from "./errors";
import { generateData, type SandboxData } from "./generate";
import { authenticateConsent } from "./oauth";
import { authenticate, isConnectorError } from "./users";

/** How long a failing extraction seems to work before the entity refuses, before `timeScale`. */
const FAILURE_AFTER_MS = 500;

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  // Even with no delay, give the event loop a turn between batches: at time scale 0 a big extraction's
  // writes would otherwise hold the process (embedded PGlite runs in it) and starve requests for seconds.
  if (ms <= 0) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Batches in the order the server can store them: accounts, portfolios, investments and positions first
 * (transactions point at them), then transactions, then portfolio movements, at most `size` rows a batch.
 */
export function toBatches(data: SandboxData, size: number): ExtractBatch[] {
  const { transactions, portfolioTransactions, ...holdings } = data;
  return [
    holdings,
    ...chunks(transactions, size).map((rows) => ({ transactions: rows })),
    ...chunks(portfolioTransactions, size).map((rows) => ({ portfolioTransactions: rows })),
  ];
}

/**
 * Signs in again with the stored credentials (a real bank needs a session for every extraction) and
 * yields the data in batches spread over the user's artificial duration.
 */
export async function* extract(input: ExtractInput, timeScale: number): AsyncGenerator<ExtractBatch> {
  const { signal } = input;
  signal.throwIfAborted();
  // A redirect entity's stored credentials are its consent, not a password.
  const signedIn =
    findEntity(input.entityId)?.entity.signIn === "REDIRECT"
      ? authenticateConsent(input.entityId, input.credentials, input.now)
      : authenticate(input.entityId, input.credentials);
  if (isConnectorError(signedIn)) throw new ConnectorFailure(signedIn);
  const { sandbox, username, user } = signedIn;
  const { extraction } = user;
  if (user.failExtraction === "always" || (user.failExtraction === "update" && input.mode === "update")) {
    await pause(FAILURE_AFTER_MS * timeScale, signal);
    throw new ConnectorFailure(sandboxError("ENTITY_UNAVAILABLE"));
  }
  const data = generateData({ sandbox, username, now: input.now, coHolder: user.coHolder ?? false, ...extraction });
  const batches = toBatches(data, extraction.batchSize);
  const step = (extraction.durationMs * timeScale) / batches.length;
  for (const batch of batches) {
    await pause(step, signal);
    yield batch;
  }
}
