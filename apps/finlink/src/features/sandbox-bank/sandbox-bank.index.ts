import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../../app-env";
import {
  CODE_CHALLENGE,
  checkBankUser,
  SANDBOX_AUTHORIZE_PATH,
  SANDBOX_BANK_OAUTH,
  SANDBOX_OAUTH_CLIENT_ID,
  SandboxBank,
  sandboxBankKey,
} from "../../connectors/sandbox";
import type { Services } from "../../services";
import { redirectUri } from "../link/return-url";
import { type BankLang, errorPage, formPage, STYLE_HASH } from "./bank-page";

/**
 * The page's policy: nothing runs (no script source at all), its one stylesheet by hash, images from our origin
 * (the logo), forms posted only to itself, and never framed — a bank's sign-in page in a frame invites
 * clickjacking and hides the address bar the user should check.
 */
export const BANK_PAGE_POLICY = [
  "default-src 'none'",
  `style-src ${STYLE_HASH}`,
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

const PARAM_NAMES = [
  "response_type",
  "client_id",
  "redirect_uri",
  "state",
  "code_challenge",
  "code_challenge_method",
] as const;
type AuthorizeParams = Record<(typeof PARAM_NAMES)[number], string>;

// OAuth's state is VSCHARs (printable ASCII); Finlink's are 43 base64url characters.
const STATE = /^[\x20-\x7e]{1,512}$/;

/** What is wrong with an authorize request, in OAuth's own words; empty when it may be shown. */
function problemsOf(services: Services, params: Partial<AuthorizeParams>): string[] {
  const problems: string[] = [];
  if (params.response_type !== "code") problems.push("response_type must be code");
  if (params.client_id !== SANDBOX_OAUTH_CLIENT_ID) problems.push("client_id is not registered");
  // Exactly the registered URL: a near match (another path, a query added) would hand the code to someone else.
  if (params.redirect_uri !== redirectUri(services.config)) problems.push("redirect_uri is not registered");
  if (!params.state || !STATE.test(params.state)) problems.push("state is missing or malformed");
  if (params.code_challenge_method !== "S256") problems.push("code_challenge_method must be S256");
  if (!params.code_challenge || !CODE_CHALLENGE.test(params.code_challenge)) {
    problems.push("code_challenge must be 43 base64url characters (S256)");
  }
  return problems;
}

const banks = new WeakMap<Services, { bank: SandboxBank; formKey: Buffer }>();

/** The bank (the connector's, by the same derived key) and the key its forms' CSRF tokens are MACs under. */
function bankOf(services: Services) {
  let found = banks.get(services);
  if (!found) {
    const { encryptionKey, publicUrl } = services.config;
    found = {
      bank: new SandboxBank(sandboxBankKey(encryptionKey), publicUrl),
      formKey: Buffer.from(hkdfSync("sha256", encryptionKey, Buffer.alloc(0), "finlink sandbox bank forms", 32)),
    };
    banks.set(services, found);
  }
  return found;
}

/** The form's token: a MAC of the request's parameters, so a POST carries exactly what the page showed. */
const csrfOf = (formKey: Buffer, params: AuthorizeParams) =>
  createHmac("sha256", formKey)
    .update(JSON.stringify(PARAM_NAMES.map((name) => params[name])))
    .digest("base64url");

function langOf(c: Context<AppEnv>, given: string | undefined): BankLang {
  if (given === "es" || given === "en") return given;
  const accept = (c.req.header("Accept-Language") ?? "").toLowerCase();
  const first = accept
    .split(",")
    .map((part) => part.trim().slice(0, 2))
    .find((tag) => tag === "es" || tag === "en");
  return first ?? "es";
}

function html(c: Context<AppEnv>, body: string, status: 200 | 400) {
  return c.body(body, status, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": BANK_PAGE_POLICY,
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
  });
}

function pick(source: Record<string, unknown>): Partial<AuthorizeParams> {
  const out: Partial<AuthorizeParams> = {};
  for (const name of PARAM_NAMES) if (typeof source[name] === "string") out[name] = source[name];
  return out;
}

/** Where the bank sends the user back: the registered return URL with the code or the refusal, and the state. */
function back(c: Context<AppEnv>, params: AuthorizeParams, result: Record<string, string>) {
  const url = new URL(params.redirect_uri);
  for (const [name, value] of Object.entries({ ...result, state: params.state })) url.searchParams.set(name, value);
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  return c.redirect(url.toString(), 303);
}

/**
 * `GET /sandbox/oauth/authorize`: the sandbox bank's page (OAuth 2 authorization code with PKCE S256), and
 * `POST` its form — approve with a sandbox user (`user_good` / `pass_good`), or deny. Parameters that are not
 * exactly right get an error page (400), never a redirect: an unchecked redirect_uri would carry the code away.
 */
export const sandboxBankRouter = new Hono<AppEnv>()
  .get(SANDBOX_AUTHORIZE_PATH, (c) => {
    const params = pick(c.req.query());
    const lang = langOf(c, c.req.query("lang"));
    const problems = problemsOf(c.var.services, params);
    if (problems.length > 0) return html(c, errorPage(lang, problems), 400);
    const full = params as AuthorizeParams;
    const csrf = csrfOf(bankOf(c.var.services).formKey, full);
    return html(c, formPage({ lang, params: { ...full, lang }, csrf }), 200);
  })
  .post(
    SANDBOX_AUTHORIZE_PATH,
    bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text("Too large", 413) }),
    async (c) => {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const params = pick(form);
      const lang = langOf(c, typeof form.lang === "string" ? form.lang : undefined);
      const problems = problemsOf(c.var.services, params);
      if (problems.length > 0) return html(c, errorPage(lang, problems), 400);
      const full = params as AuthorizeParams;
      const { bank, formKey } = bankOf(c.var.services);
      const given = Buffer.from(typeof form.csrf === "string" ? form.csrf : "");
      const expected = Buffer.from(csrfOf(formKey, full));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return html(c, errorPage(lang, ["the form does not match the request: open the page again"]), 400);
      }
      if (form.action === "deny") return back(c, full, { error: "access_denied" });
      if (form.action !== "approve") return html(c, errorPage(lang, ["action must be approve or deny"]), 400);
      const username = typeof form.username === "string" ? form.username : "";
      const password = typeof form.password === "string" ? form.password : "";
      const checked = checkBankUser(username, password);
      if ("error" in checked) {
        return html(
          c,
          formPage({ lang, params: { ...full, lang }, csrf: expected.toString(), username, error: checked.error }),
          200,
        );
      }
      const code = bank.issueCode(
        {
          entityId: SANDBOX_BANK_OAUTH,
          user: checked.user,
          codeChallenge: full.code_challenge,
          redirectUri: full.redirect_uri,
        },
        c.var.services.now(),
      );
      return back(c, full, { code });
    },
  );
