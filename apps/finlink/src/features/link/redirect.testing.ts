import type { CompleteRedirectResponse, StartRedirectResponse } from "@finlink/contracts";
import { expect } from "vitest";
import type { TestContext } from "../../testing/test-context";
import { type LinkClient, openLink } from "./link.testing";
import { BEGIN_PATH } from "./return-url";

// The redirect sign-in as a browser walks it: Link starts it, the bank's page takes the user's answer, the bank
// sends the browser to Finlink's return URL, and Link completes from that URL.

export const OAUTH_ENTITY = "sandbox_bank_oauth";

/** `POST /link/session/redirect` for the entity; the answer's authorize URL. */
export async function startRedirect(link: LinkClient, entity = OAUTH_ENTITY): Promise<StartRedirectResponse> {
  const res = await link.call("POST", "session/redirect", { entity });
  if (res.status !== 200) throw new Error(`redirect start failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as StartRedirectResponse;
}

/**
 * The test browser's cookie jar: the binding cookie `/link/redirect/begin` set, by the state its redirect carries.
 * `completeRedirect` sends the one for its URL's state, as the browser that began the redirect would.
 */
const jars = new WeakMap<TestContext, Map<string, string>>();
const jarOf = (ctx: TestContext) => {
  const jar = jars.get(ctx) ?? new Map<string, string>();
  jars.set(ctx, jar);
  return jar;
};

/** `GET /link/redirect/begin?ticket=…` (Link's authorize URL) as the response came. */
export const beginRequest = (ctx: TestContext, authorizeUrl: string) => {
  const url = new URL(authorizeUrl);
  return ctx.app.request(`${url.pathname}${url.search}`);
};

/**
 * Opens Link's authorize URL as the browser would: Finlink's begin page sets the binding cookie (kept in the jar)
 * and 303s to the bank. Answers the bank's URL, its state and the cookie (`name=value`).
 */
export async function beginAt(ctx: TestContext, authorizeUrl: string) {
  const res = await beginRequest(ctx, authorizeUrl);
  if (res.status !== 303) throw new Error(`begin failed: ${res.status} ${await res.text()}`);
  const bankUrl = res.headers.get("Location") ?? "";
  const state = new URL(bankUrl).searchParams.get("state") ?? "";
  const cookie = (res.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
  jarOf(ctx).set(state, cookie);
  return { bankUrl, state, cookie, setCookie: res.headers.get("Set-Cookie") ?? "" };
}

/** A page's hidden fields, as the browser would post them back. */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    if (name !== undefined && value !== undefined)
      fields[name] = value.replaceAll("&amp;", "&").replaceAll("&quot;", '"');
  }
  return fields;
}

/** Posts the bank's form as a browser would (urlencoded). */
export const postBankForm = (ctx: TestContext, fields: Record<string, string>) =>
  ctx.app.request("/sandbox/oauth/authorize", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

/** The bank's page at the authorize URL (on Finlink's origin: only its path and query are requested). */
export async function bankPage(ctx: TestContext, authorizeUrl: string, headers: Record<string, string> = {}) {
  // Link's authorize URL goes through Finlink's begin page first.
  const bank =
    new URL(authorizeUrl).pathname === BEGIN_PATH ? (await beginAt(ctx, authorizeUrl)).bankUrl : authorizeUrl;
  const url = new URL(bank);
  return ctx.app.request(`${url.pathname}${url.search}`, { headers });
}

/**
 * Opens the bank's page, fills it in and presses Approve (or Deny): answers where the bank sends the browser
 * (the 303's Location: Finlink's return URL with `code` or `error`, and `state`).
 */
export async function answerAtBank(
  ctx: TestContext,
  authorizeUrl: string,
  input: { action: "approve" | "deny"; username?: string; password?: string },
): Promise<string> {
  const page = await bankPage(ctx, authorizeUrl);
  expect(page.status).toBe(200);
  const fields = hiddenFields(await page.text());
  const res = await postBankForm(ctx, {
    ...fields,
    username: input.username ?? "user_good",
    password: input.password ?? "pass_good",
    action: input.action,
  });
  expect(res.status).toBe(303);
  const location = res.headers.get("Location");
  if (!location) throw new Error("the bank answered no Location");
  return location;
}

/**
 * `POST /link/redirect/complete` with the return URL, as Link's return page sends it: no session token, the
 * binding cookie of the jar for its state (unless `headers` gives a `Cookie`, even an empty one: another browser).
 */
export function completeRedirect(ctx: TestContext, receivedRedirectUri: string, headers: Record<string, string> = {}) {
  let state: string | null = null;
  try {
    state = new URL(receivedRedirectUri).searchParams.get("state");
  } catch {}
  const cookie = state === null ? undefined : jarOf(ctx).get(state);
  const sent = "Cookie" in headers || !cookie ? headers : { ...headers, Cookie: cookie };
  return ctx.request("POST", "/api/v1/link/redirect/complete", { body: { receivedRedirectUri }, headers: sent });
}

/** A Link client that calls with `token` (the fresh one a completion answers). */
export function withToken(link: LinkClient, ctx: TestContext, token: string): LinkClient {
  return {
    ...link,
    sessionToken: token,
    call: (method: string, path: string, body?: unknown) =>
      ctx.request(method, `/api/v1/link/${path}`, { body, headers: { "X-Link-Session": token } }),
  };
}

/** Opens Link, starts the redirect, approves at the bank as `username`, completes: the completion's answer. */
export async function signInByRedirect(
  ctx: TestContext,
  options: { username?: string; body?: Record<string, unknown> } = {},
) {
  const link = await openLink(ctx, options.body);
  const { authorizeUrl } = await startRedirect(link);
  const back = await answerAtBank(ctx, authorizeUrl, { action: "approve", username: options.username ?? "user_good" });
  const res = await completeRedirect(ctx, back);
  if (res.status !== 200) throw new Error(`complete failed: ${res.status} ${await res.text()}`);
  const completed = (await res.json()) as CompleteRedirectResponse;
  return { link, resumed: withToken(link, ctx, completed.sessionToken), completed, back };
}
