// A connection made through Finlink's sandbox API (no Link, no BFF), polled until READY: what the benches
// that load one server alone start from.
import { SANDBOX_APP } from "../e2e/servers";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A JSON call to the Finlink at `base`; throws with the answer's text on anything but 2xx. */
async function call<T>(base: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export interface SandboxConnection {
  /** The sandbox app's API token (`POST /auth/login`). */
  token: string;
  /** The connection's status path, `/api/v1/queries/connections/{connectionToken}`. */
  statusPath: string;
  /** Seconds from the public token to READY. */
  seconds: number;
}

/**
 * Logs the sandbox app in, connects `username` at `sandbox_bank` (`POST /sandbox/public-token`, the exchange)
 * and polls its status every `pollMs` until READY; throws on any other final status or after `timeoutMs`.
 */
export async function sandboxConnection(
  base: string,
  username: string,
  { pollMs, timeoutMs }: { pollMs: number; timeoutMs: number },
): Promise<SandboxConnection> {
  const { token } = await call<{ token: string }>(base, "POST", "/api/v1/auth/login", undefined, {
    clientId: SANDBOX_APP.clientId,
    clientSecret: SANDBOX_APP.clientSecret,
  });
  const started = performance.now();
  const { publicToken } = await call<{ publicToken: string }>(base, "POST", "/api/v1/sandbox/public-token", token, {
    entity: "sandbox_bank",
    username,
  });
  const { connectionToken } = await call<{ connectionToken: string }>(
    base,
    "POST",
    `/api/v1/commands/connections/exchange/${publicToken}`,
    token,
  );
  const statusPath = `/api/v1/queries/connections/${connectionToken}`;
  for (const deadline = Date.now() + timeoutMs; ; await sleep(pollMs)) {
    const { status } = await call<{ status: string }>(base, "GET", statusPath, token);
    if (status === "READY") return { token, statusPath, seconds: (performance.now() - started) / 1000 };
    if (status !== "PENDING" && status !== "UPDATING") throw new Error(`${username} ended ${status}`);
    if (Date.now() > deadline) throw new Error(`${username} still ${status} after ${timeoutMs / 1000} s`);
  }
}
