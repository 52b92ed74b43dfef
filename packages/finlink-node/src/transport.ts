import { Problem } from "@finlink/contracts";
import type { z } from "zod";
import { FinlinkConnectionError, FinlinkError, FinlinkResponseError } from "./errors";
import { type DecimalMode, overlayDigits, quoteNumbers } from "./exact-json";
import { backoffMs, isRetryableStatus, parseRetryAfter, type RetryMode, type RetryOptions } from "./retry";
import type { TokenSource } from "./token-source";

/** The part of `fetch` the client uses; `ctx.app.request` of a Hono app fits too. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response> | Response;

export interface TransportOptions {
  baseUrl: string;
  fetch: FetchLike;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  retry: Required<RetryOptions>;
  timeoutMs: number;
  decimals: DecimalMode;
}

/** One API operation as the client calls it. */
export interface Call<S extends z.ZodType> {
  method: "GET" | "POST" | "DELETE";
  /** The route template, as the OpenAPI document names it: errors quote this, never a path holding a token. */
  route: string;
  params?: Record<string, string>;
  query?: Record<string, string | number | null | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  schema: S;
  auth: boolean;
  retry: RetryMode;
  /** Data answers: numbers may be read as exact digits (`decimals: "string"`). */
  exact?: boolean;
}

/** Sends one call and answers its parsed body. */
export type Send = <S extends z.ZodType>(call: Call<S>) => Promise<z.infer<S>>;

/** A path segment's value: a token or id that would change the route (empty, `.`, `..`) is a caller's bug. */
function segment(name: string, value: string): string {
  if (typeof value !== "string" || value === "" || value === "." || value === "..")
    throw new TypeError(`${name} must be a non-empty string (got ${value === "" ? "an empty string" : typeof value})`);
  return encodeURIComponent(value);
}

/** Sends calls: auth header, one re-login on 401, retries by the call's mode, answers checked by contract. */
export class Transport {
  constructor(
    private readonly options: TransportOptions,
    private readonly tokens: TokenSource | undefined,
  ) {}

  url(call: Pick<Call<z.ZodType>, "route" | "params" | "query">): string {
    const path = call.route.replace(/\{(\w+)\}/g, (_, name: string) => segment(name, call.params?.[name] as string));
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(call.query ?? {}))
      if (value !== undefined && value !== null) search.set(key, String(value));
    const query = search.size ? `?${search}` : "";
    return `${this.options.baseUrl.replace(/\/+$/, "")}${path}${query}`;
  }

  async send<S extends z.ZodType>(call: Call<S>): Promise<z.infer<S>> {
    const { retry, sleep, random } = this.options;
    const operation = `${call.method} ${call.route}`;
    const url = this.url(call);
    let attempt = 1;
    let reauthenticated = false;
    for (;;) {
      const token = call.auth ? await this.tokens?.get() : undefined;
      let res: Response;
      let text: string;
      try {
        res = await this.options.fetch(url, this.init(call, token));
        text = await res.text();
      } catch (cause) {
        if (call.retry === "idempotent" && attempt < retry.attempts) {
          await sleep(backoffMs(attempt++, retry, random));
          continue;
        }
        throw new FinlinkConnectionError(operation, cause);
      }
      if (res.status === 401 && token && !reauthenticated) {
        // Revoked, or expired earlier than its exp said (clock skew): one new login, then the same call again.
        reauthenticated = true;
        this.tokens?.invalidate(token);
        continue;
      }
      if (res.ok) return this.read(call, operation, res, text);
      const error = problemError(operation, res, text, this.options.now(), call.params);
      if (!isRetryableStatus(res.status, call.retry) || attempt >= retry.attempts) throw error;
      if (error.retryAfterMs !== undefined && error.retryAfterMs > retry.maxRetryAfterMs) throw error;
      await sleep(error.retryAfterMs ?? backoffMs(attempt, retry, random));
      attempt++;
    }
  }

  private init(call: Call<z.ZodType>, token: string | undefined): RequestInit {
    const headers: Record<string, string> = { Accept: "application/json", ...call.headers };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (call.body !== undefined) headers["Content-Type"] = "application/json";
    return {
      method: call.method,
      headers,
      // A redirect would send the call, its token and its body somewhere else: refused, as a network error.
      redirect: "error",
      signal: AbortSignal.timeout(this.options.timeoutMs),
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
    };
  }

  private read<S extends z.ZodType>(call: Call<S>, operation: string, res: Response, text: string): z.infer<S> {
    const requestId = res.headers.get("X-Request-ID") ?? undefined;
    const fail = (issues: { path: string; message: string }[]) =>
      new FinlinkResponseError({ status: res.status, operation, requestId }, issues);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw fail([{ path: "", message: `not JSON (${res.headers.get("Content-Type") ?? "no Content-Type"})` }]);
    }
    const parsed = call.schema.safeParse(json);
    if (!parsed.success)
      throw fail(parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })));
    if (call.exact && this.options.decimals === "string")
      return overlayDigits(parsed.data, JSON.parse(quoteNumbers(text))) as z.infer<S>;
    return parsed.data;
  }
}

/**
 * A non-2xx answer as a FinlinkError: problem+json fields when the body is one, the status line otherwise.
 * Path values (tokens) a detail quotes back are replaced by their names: errors get logged.
 */
function problemError(
  operation: string,
  res: Response,
  text: string,
  now: Date,
  params: Record<string, string> = {},
): FinlinkError {
  let problem: Problem | undefined;
  try {
    problem = Problem.safeParse(JSON.parse(text)).data;
  } catch {}
  if (problem?.detail) problem = { ...problem, detail: redact(problem.detail, params) };
  const retryAfterMs =
    res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get("Retry-After"), now) : undefined;
  return new FinlinkError({
    status: res.status,
    operation,
    title: problem?.title ?? (res.statusText || `HTTP ${res.status}`),
    reason: problem?.reason,
    detail: problem?.detail,
    type: problem?.type,
    requestId: res.headers.get("X-Request-ID") ?? problem?.requestId,
    problem,
    retryAfterMs,
  });
}

function redact(text: string, params: Record<string, string>): string {
  let out = text;
  for (const [name, value] of Object.entries(params))
    for (const spelling of new Set([value, encodeURIComponent(value)])) out = out.replaceAll(spelling, `{${name}}`);
  return out;
}
