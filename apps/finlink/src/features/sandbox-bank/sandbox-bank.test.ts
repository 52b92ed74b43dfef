import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { bankPage, hiddenFields, postBankForm } from "../link/redirect.testing";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ workers: false });
});
afterAll(() => ctx?.close());

const RETURN = "http://127.0.0.1:4010/link/return";
const CHALLENGE = createHash("sha256").update("v".repeat(43)).digest("base64url");
const GOOD: Record<string, string> = {
  response_type: "code",
  client_id: "finlink",
  redirect_uri: RETURN,
  state: "state-123",
  code_challenge: CHALLENGE,
  code_challenge_method: "S256",
};
const authorize = (params: Record<string, string>, headers: Record<string, string> = {}) =>
  bankPage(ctx, `http://127.0.0.1:4010/sandbox/oauth/authorize?${new URLSearchParams(params)}`, headers);
const without = (name: string) => Object.fromEntries(Object.entries(GOOD).filter(([key]) => key !== name));

/** The page's headers: never framed, nothing run or fetched but its hashed style and our images, never cached. */
function expectBankHeaders(res: Response) {
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).toContain("default-src 'none'");
  expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
  expect(csp).not.toContain("script-src");
  expect(csp).not.toContain("unsafe-inline");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
}

/** The form the page shows, filled in and posted: the bank's answer. */
async function submit(fields: Record<string, string>, params = GOOD) {
  const page = await authorize(params);
  expect(page.status).toBe(200);
  return postBankForm(ctx, { ...hiddenFields(await page.text()), ...fields });
}

describe("GET /sandbox/oauth/authorize", () => {
  it("shows the bank's sign-in and consent form, in Spanish by default and in English when asked", async () => {
    const res = await authorize(GOOD);
    expect(res.status).toBe(200);
    expectBankHeaders(res);
    const html = await res.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain("<h1>Entra para autorizar el acceso</h1>");
    expect(html).toContain('src="/logos/sandbox_bank_oauth.svg"');
    expect(html).toContain('<label for="username">Usuario</label>');
    expect(html).toContain('<label for="password">Contraseña</label>');
    expect(html).not.toContain("<script");
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
    // The hash in the policy is this very stylesheet's: a change to it that forgets the hash fails here.
    const hash = createHash("sha256").update(style).digest("base64");
    expect(res.headers.get("content-security-policy")).toContain(`'sha256-${hash}'`);

    const english = await (await authorize({ ...GOOD, lang: "en" })).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain("Sign in to authorise access");
    const byHeader = await (await authorize(GOOD, { "Accept-Language": "en-GB,en;q=0.9" })).text();
    expect(byHeader).toContain('<html lang="en">');
  });

  it("shows the same form again on a reload (the same parameters, the same form token)", async () => {
    const first = hiddenFields(await (await authorize(GOOD)).text());
    const again = hiddenFields(await (await authorize(GOOD)).text());
    expect(again).toEqual(first);
    expect(first).toMatchObject({ ...GOOD, lang: "es" });
    expect(first.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("answers an error page (400), never a redirect, for a parameter missing or not exactly right", async () => {
    const cases: Record<string, string>[] = [
      ...Object.keys(GOOD).map(without),
      { ...GOOD, response_type: "token" },
      { ...GOOD, client_id: "someone" },
      { ...GOOD, redirect_uri: "https://evil.example/link/return" },
      { ...GOOD, redirect_uri: `${RETURN}/` },
      { ...GOOD, redirect_uri: `${RETURN}?x=1` },
      { ...GOOD, redirect_uri: "http://127.0.0.1:4010/link" },
      { ...GOOD, code_challenge_method: "plain" },
      { ...GOOD, code_challenge: "short" },
      { ...GOOD, code_challenge: `${CHALLENGE}A` },
      { ...GOOD, state: "" },
      { ...GOOD, state: "x".repeat(513) },
    ];
    for (const params of cases) {
      const res = await authorize(params);
      expect(res.status, JSON.stringify(params)).toBe(400);
      expect(res.headers.get("location")).toBeNull();
      expectBankHeaders(res);
      expect(await res.text()).toContain("no es válida");
    }
    expect((await authorize({ ...GOOD, state: "x".repeat(512) })).status).toBe(200);
  });
});

describe("POST /sandbox/oauth/authorize", () => {
  it("approves user_good / pass_good: 303 to the return URL with a code and the state", async () => {
    const res = await submit({ username: "user_good", password: "pass_good", action: "approve" });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(RETURN);
    expect(location.searchParams.get("state")).toBe("state-123");
    expect(location.searchParams.get("code")).toMatch(/^v1\./);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("denies without a password: 303 with error=access_denied and the state, no code", async () => {
    const res = await submit({ action: "deny" });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location") ?? "");
    expect(Object.fromEntries(location.searchParams)).toEqual({ error: "access_denied", state: "state-123" });
  });

  it("says a wrong password or a locked user on the page itself, keeping the username, never redirecting", async () => {
    for (const [username, password, message] of [
      ["user_good", "wrong", "no son correctos"],
      ["nobody", "pass_good", "no son correctos"],
      ["user_locked", "pass_good", "bloqueado"],
    ] as const) {
      const res = await submit({ username, password, action: "approve" });
      expect(res.status).toBe(200);
      expect(res.headers.get("location")).toBeNull();
      expectBankHeaders(res);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('role="alert"');
      expect(html).toContain('aria-invalid="true"');
      expect(html).toContain(`value="${username}"`);
      expect(html).not.toContain(`value="${password}"`);
    }
  });

  it("refuses a form whose token does not match its parameters, or whose parameters are wrong (400, no redirect)", async () => {
    const page = hiddenFields(await (await authorize(GOOD)).text());
    const approve = { username: "user_good", password: "pass_good", action: "approve" };
    for (const fields of [
      { ...page, ...approve, csrf: "" },
      { ...page, ...approve, csrf: `${page.csrf?.slice(0, -1)}A` },
      // Parameters changed after the page was shown: another challenge would bind the code to another verifier.
      { ...page, ...approve, code_challenge: createHash("sha256").update("w".repeat(43)).digest("base64url") },
      { ...page, ...approve, state: "other-state" },
      { ...page, ...approve, redirect_uri: "https://evil.example/link/return" },
      { ...page, action: "maybe" },
    ]) {
      const res = await postBankForm(ctx, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.headers.get("location")).toBeNull();
    }
    expect((await postBankForm(ctx, { ...page, ...approve })).status).toBe(303);
  });
});
