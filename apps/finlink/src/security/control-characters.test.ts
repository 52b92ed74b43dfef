import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LINK_SESSION_HEADER } from "../features/link/link-session";
import { testBackends } from "../testing/backends";
import { createTestContext, type TestContext } from "../testing/test-context";

/** The requests of the review (issue 9, finding 7) that reached the database and answered 500. */
describe.each(testBackends())("control characters in inputs (%s)", (_name, backend) => {
  let ctx: TestContext;
  let token: string;
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false });
    token = await ctx.login();
  });
  afterAll(() => ctx.close());

  const expect400 = async (res: Response, what: string) => {
    expect(res.status, what).toBe(400);
    expect(res.headers.get("content-type"), what).toBe("application/problem+json");
    return (await res.json()) as { reason?: string; errors?: { path: string }[] };
  };

  it("refuses a NUL in the list endpoints' externalId, a path parameter and every body of the review with 400", async () => {
    const id = ctx.appA.redirects[0]?.id;
    const cases: [string, Response | Promise<Response>][] = [
      ["connections list", ctx.request("GET", "/api/v1/queries/connections?externalId=a%00b", { token })],
      ["pending list", ctx.request("GET", "/api/v1/queries/connections/pending?externalId=a%00b", { token })],
      ["verification key", ctx.request("GET", "/api/v1/webhook_verification/a%00b")],
      ["Link session state", ctx.request("POST", "/api/v1/link/sessions", { body: { id, state: "a\u0000" } })],
      [
        "Link session external_id",
        ctx.request("POST", "/api/v1/link/sessions", { body: { id, external_id: "\u0000" } }),
      ],
      [
        "sandbox externalId",
        ctx.request("POST", "/api/v1/sandbox/public-token", {
          token,
          body: { entity: "sandbox_bank", username: "user_good", externalId: "x\u0000" },
        }),
      ],
      [
        "start-flow externalId",
        ctx.request("POST", "/api/v1/commands/connections/start-flow", {
          token,
          body: { id, product: "TRANSACTIONS", externalId: "x\u0000" },
        }),
      ],
      [
        "a uuid field",
        ctx.request("POST", "/api/v1/commands/connections/start-flow", {
          token,
          body: { id: `${id}\u0000`, product: "TRANSACTIONS" },
        }),
      ],
    ];
    for (const [what, res] of cases) expect((await expect400(await res, what)).reason, what).toBe("VALIDATION_ERROR");
  });

  it("refuses a lone UTF-16 surrogate in the bodies that reach jsonb (it answered 500), and takes a pair", async () => {
    const id = ctx.appA.redirects[0]?.id;
    const session = (body: Record<string, unknown>) => ctx.request("POST", "/api/v1/link/sessions", { body });
    const startFlow = (body: Record<string, unknown>) =>
      ctx.request("POST", "/api/v1/commands/connections/start-flow", {
        token,
        body: { id, product: "TRANSACTIONS", ...body },
      });
    const cases: [string, Response | Promise<Response>][] = [
      ["Link session state", session({ id, state: "x\udbff" })],
      ["Link session external_id", session({ id, external_id: "\ud800x" })],
      ["start-flow desiredOwners", startFlow({ desiredOwners: ["Jane\ud800"] })],
      ["start-flow state", startFlow({ state: "\udc00" })],
      ["start-flow externalId", startFlow({ externalId: "a\udfffb" })],
    ];
    for (const [what, res] of cases) expect((await expect400(await res, what)).reason, what).toBe("VALIDATION_ERROR");
    const paired = await startFlow({ desiredOwners: ["Jane 😀"], state: "😀", externalId: "😀" });
    expect(paired.status).toBe(200);
    const { token: authToken } = (await paired.json()) as { token: string };
    expect((await session({ authToken })).status).toBe(201);
  });

  it("refuses C1 and DEL as well as C0, and takes the characters just past each range", async () => {
    const list = (externalId: string) =>
      ctx.request("GET", `/api/v1/queries/connections?externalId=${encodeURIComponent(externalId)}`, { token });
    for (const refused of ["\u001f", "\u007f", "\u0080", "\u009f"]) await expect400(await list(`a${refused}`), refused);
    for (const taken of [" ", "~", "\u00a0"]) expect((await list(`a${taken}b`)).status, taken).toBe(200);
  });

  it("refuses a control character in a record key and an over-long one with 400", async () => {
    const session = await (
      await ctx.request("POST", "/api/v1/link/sessions", { body: { id: ctx.appA.redirects[0]?.id } })
    ).json();
    const headers = { [LINK_SESSION_HEADER]: (session as { sessionToken: string }).sessionToken };
    const credentials = (key: string) =>
      ctx.request("POST", "/api/v1/link/session/credentials", {
        headers,
        body: { entity: "sandbox_bank", credentials: { [key]: "x" } },
      });
    const problem = await expect400(await credentials("user\u0000name"), "key");
    expect(problem.errors?.[0]?.path).toBe("credentials.user\u0000name");
    expect((await credentials("k".repeat(101))).status).toBe(400);
  });

  it("refuses malformed headers it reads: X-Client-Trace-ID, X-Link-Session, Idempotency-Key, Authorization", async () => {
    const app = (authorization: string) =>
      ctx.request("GET", "/api/v1/queries/app", { headers: { Authorization: authorization } });
    expect((await app(`Bearer ${token}`)).status).toBe(200);
    expect((await app("Bearer not-a-token")).status).toBe(401);
    await expect400(await app(`Bearer ${token.slice(0, 10)}\u0001${token.slice(10)}`), "authorization");
    const trace = (value: string) =>
      ctx.request("GET", "/api/v1/queries/entities", { token, headers: { "X-Client-Trace-ID": value } });
    expect((await trace("t".repeat(128))).headers.get("x-client-trace-id")).toBe("t".repeat(128));
    for (const value of ["t".repeat(129), "a\u0001b", "a b"]) await expect400(await trace(value), `trace ${value}`);
    const session = (value: string) =>
      ctx.request("GET", "/api/v1/link/session", { headers: { [LINK_SESSION_HEADER]: value } });
    expect((await session("s".repeat(200))).status).toBe(401);
    for (const value of ["s".repeat(201), "lks_a\u0001b"]) await expect400(await session(value), "session");
    const exchange = (key: string) =>
      ctx.request("POST", "/api/v1/commands/connections/exchange/pub_x", {
        token,
        headers: { "Idempotency-Key": key },
      });
    expect((await exchange("k")).status).toBe(404);
    await expect400(await exchange("k\u0001"), "idempotency key");
  });
});
