import type { BffApp } from "../app";

/** A BFF answer as the browser saw it: what the token scans read. */
export interface RecordedResponse {
  method: string;
  path: string;
  status: number;
  headers: [string, string][];
  body: string;
}

export interface RequestOptions {
  /** Sent as JSON (a string is sent as it is). */
  body?: unknown;
  /** `Origin` on unsafe methods: the app's own unless given (null sends none). */
  origin?: string | null;
  /** `Content-Type` on unsafe methods: `application/json` unless given (null sends none). */
  contentType?: string | null;
  headers?: Record<string, string>;
  /** Aborts the request (a closed tab, for a stream). */
  signal?: AbortSignal;
}

const SAFE = new Set(["GET", "HEAD"]);

/**
 * One browser of the SPA: same-origin requests as the SPA's fetch sends them (Origin and JSON on unsafe
 * methods), its own cookie jar, and every answer recorded.
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  readonly setCookies: string[] = [];

  constructor(
    private readonly app: BffApp,
    private readonly appUrl: string,
    private readonly recorded: RecordedResponse[],
  ) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (!SAFE.has(method)) {
      const origin = options.origin === undefined ? this.appUrl : options.origin;
      const type = options.contentType === undefined ? "application/json" : options.contentType;
      if (origin !== null) headers.Origin = origin;
      if (type !== null) headers["Content-Type"] = type;
    }
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    Object.assign(headers, options.headers);
    const body =
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body);
    const res = await this.app.request(`${this.appUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    for (const line of res.headers.getSetCookie()) this.#store(line);
    this.recorded.push({
      method,
      path,
      status: res.status,
      headers: [...res.headers],
      // An event stream never ends by itself: its events are read by the test (testing/sse.ts), not here.
      body: res.headers.get("Content-Type")?.startsWith("text/event-stream") ? "" : await res.clone().text(),
    });
    return res;
  }

  /** A request whose answer is read as JSON (204 and empty bodies as null). */
  async json<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}) {
    const res = await this.request(method, path, { ...options, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    return { status: res.status, res, body: (text ? JSON.parse(text) : null) as T };
  }

  #store(line: string): void {
    this.setCookies.push(line);
    const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
    const at = pair.indexOf("=");
    const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
    const expired = attributes.some(
      (a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()),
    );
    if (expired || value === "") this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}
