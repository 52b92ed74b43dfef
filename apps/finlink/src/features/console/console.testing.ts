import type { TestContext } from "../../testing/test-context";
import { CONSOLE_PATH, consoleOrigin, sessionCookieSpec } from "./console-session";
import { createOperator } from "./operators.service";

export const OPERATOR_PASSWORD = "correct horse battery staple";

export interface ConsoleRequestInit {
  form?: Record<string, string>;
  cookie?: string | undefined;
  /** The Origin header: the console's own by default; null sends none. */
  origin?: string | null;
  /** The CSRF field; undefined adds the session's own, null sends none. */
  csrf?: string | null;
  /** A JSON body instead of the form (a string is sent as it is); `csrf` then goes as X-CSRF-Token. */
  json?: unknown;
}

/**
 * A console client on a test context: signs in as an operator and sends forms as a browser on the console's own
 * origin would, to `ctx.consoleApp` (or to `app`, to show what another app answers to the same requests).
 */
export function consoleClient(ctx: TestContext, app: Pick<TestContext["app"], "request"> = ctx.consoleApp) {
  const ownOrigin = consoleOrigin(ctx.config);
  const cookieName = sessionCookieSpec(ctx.config).name;
  const request = (method: string, path: string, init: ConsoleRequestInit = {}) => {
    const headers: Record<string, string> = {};
    if (init.cookie) headers.Cookie = `${cookieName}=${init.cookie}`;
    const origin = init.origin === undefined ? ownOrigin : init.origin;
    if (origin !== null) headers.Origin = origin;
    let body: string | undefined;
    const withBody = method !== "GET" && method !== "HEAD";
    if (withBody && init.json !== undefined) {
      headers["Content-Type"] = "application/json";
      if (init.csrf) headers["X-CSRF-Token"] = init.csrf;
      body = typeof init.json === "string" ? init.json : JSON.stringify(init.json);
    } else if (withBody) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form ?? {}).toString();
    }
    return app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
  };

  /** Signs in; answers the session cookie's value, or undefined when refused. */
  const signIn = async (username: string, password = OPERATOR_PASSWORD) => {
    const res = await request("POST", `${CONSOLE_PATH}/sign-in`, { form: { username, password } });
    const cookie = res.headers.get("set-cookie") ?? "";
    const match = new RegExp(`${cookieName}=([^;]+)`).exec(cookie);
    return { res, cookie: res.status === 303 ? match?.[1] : undefined, setCookie: cookie };
  };

  /** A signed-in operator's session: its cookie, its CSRF token (read from a page) and form posts with both. */
  const operator = async (username = `op-${crypto.randomUUID().slice(0, 8)}`) => {
    await createOperator(ctx.services.database, username, OPERATOR_PASSWORD);
    const { cookie } = await signIn(username);
    if (!cookie) throw new Error("operator sign-in failed");
    const html = await (await request("GET", `${CONSOLE_PATH}/apps`, { cookie })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!csrf) throw new Error("no CSRF token on the apps page");
    const get = (path: string) => request("GET", path, { cookie });
    const post = (path: string, form: Record<string, string> = {}, init: ConsoleRequestInit = {}) =>
      request("POST", path, {
        cookie,
        ...init,
        form: { ...(init.csrf === null ? {} : { _csrf: init.csrf ?? csrf }), ...form },
      });
    return { username, cookie, csrf, get, post };
  };

  return { request, signIn, operator };
}
