import { vi } from "vitest";

export interface StubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
}

/** A handler's answer: a Response as it is, anything else as a 200 JSON body. */
type Handler = (request: StubRequest) => unknown;

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

export const problem = (status: number, reason: string | null, title = "Request failed") =>
  new Response(JSON.stringify({ type: "about:blank", title, status, ...(reason ? { reason } : {}) }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });

export const noContent = () => new Response(null, { status: 204 });

/**
 * Replaces `fetch` (the network boundary) with routes keyed `"METHOD /path"`; an unknown route answers the
 * BFF's 404 problem. Every request is recorded, body parsed, for assertions.
 * @example const api = stubApi({ "GET /api/me": () => problem(401, "UNAUTHENTICATED") });
 */
export function stubApi(routes: Record<string, Handler>) {
  const requests: StubRequest[] = [];
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://localhost");
    const method = init.method ?? "GET";
    const request: StubRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
      headers: { ...(init.headers as Record<string, string>) },
    };
    requests.push(request);
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler) return problem(404, "NOT_FOUND", "Not found");
    const answer = await handler(request);
    return answer instanceof Response ? answer : json(answer);
  });
  vi.stubGlobal("fetch", fetchStub);
  return {
    requests,
    /** The requests sent to one route. */
    to: (route: string) => requests.filter((r) => `${r.method} ${r.path}` === route),
  };
}
