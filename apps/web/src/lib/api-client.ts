import { Problem } from "@finlink/contracts";
import type { z } from "zod";
import { ApiError, INVALID_RESPONSE, NETWORK_ERROR } from "./api-error";

export interface ApiRequest<S extends z.ZodType | undefined> {
  method?: "GET" | "POST" | "DELETE";
  body?: unknown;
  /** The contract the answer must match; none for 204 answers. */
  schema?: S;
  query?: Record<string, string | number | null | undefined>;
  signal?: AbortSignal;
}

type Result<S> = S extends z.ZodType ? z.infer<S> : undefined;

/**
 * Calls the BFF (same origin, cookie session) and parses the answer with its contract, so a changed wire
 * is a loud error, not an `undefined` three components later. Unsafe methods always send JSON: the BFF
 * refuses anything else (with its Origin check, that is what stops a cross-site form post).
 * @example await api("/api/connections", { schema: BffConnections })
 */
export async function api<S extends z.ZodType | undefined = undefined>(
  path: string,
  request: ApiRequest<S> = {},
): Promise<Result<S>> {
  const method = request.method ?? "GET";
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "GET") headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(withQuery(path, request.query), {
      method,
      headers,
      credentials: "same-origin",
      body: method === "GET" ? undefined : JSON.stringify(request.body ?? {}),
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal?.aborted) throw error;
    throw new ApiError(0, NETWORK_ERROR, "The server could not be reached");
  }
  if (!response.ok) throw await problemOf(response);
  if (!request.schema || response.status === 204) return undefined as Result<S>;
  const parsed = request.schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new ApiError(response.status, INVALID_RESPONSE, `Unexpected answer from ${path}`);
  return parsed.data as Result<S>;
}

function withQuery(path: string, query: ApiRequest<undefined>["query"]) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function problemOf(response: Response): Promise<ApiError> {
  const body = Problem.safeParse(await response.json().catch(() => undefined));
  if (!body.success) return new ApiError(response.status, null, response.statusText || `HTTP ${response.status}`);
  const { title, detail, reason } = body.data;
  return new ApiError(response.status, reason ?? null, title, detail ?? null);
}
