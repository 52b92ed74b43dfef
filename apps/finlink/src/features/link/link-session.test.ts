import { LinkEntity, type LinkSession } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { createApp as createFinlinkApp } from "../apps/apps.service";
import { openLink, submitCredentials } from "./link.testing";
import { START_TOKEN_AUDIENCE, START_TOKEN_TYP } from "./start-token";

let ctx: TestContext;
let offsetMs = 0;
/** When set, the server's clock stands still at this instant (ms): boundaries are tested to the millisecond. */
let frozenAt: number | null = null;
let apiToken: string;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => new Date(frozenAt ?? Date.now() + offsetMs) });
  apiToken = await ctx.login(ctx.appA);
});
afterAll(() => ctx?.close());

const redirectId = () => ctx.appA.redirects[0]?.id;
const createSession = (body: unknown) => ctx.request("POST", "/api/v1/link/sessions", { body });
const startFlow = async (body: Record<string, unknown>, token = apiToken) => {
  const res = await ctx.request("POST", "/api/v1/commands/connections/start-flow", { token, body });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
};
const expectProblem = async (res: Response, status: number, reason?: string) => {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toContain("application/problem+json");
  const body = (await res.json()) as { reason?: string; status: number };
  if (reason) expect(body.reason).toBe(reason);
  return body;
};

describe("opening a session with URL parameters", () => {
  it("answers what the first screen needs, and the session reads back with its step", async () => {
    const link = await openLink(ctx, { id: redirectId(), lang: "en", theme: "DARK", state: "s1" });
    expect(link).toMatchObject({
      app: { name: "App A", privacyPolicyUrl: null, termsUrl: null },
      redirectOrigin: "https://app-a.example",
      operation: "CONNECT",
      product: "TRANSACTIONS",
      entity: null,
      fixedUsername: null,
      lang: "en",
      theme: "DARK",
    });
    expect(link.sessionToken).toMatch(/^lks_/);
    const res = await link.call("GET", "session");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      step: "ENTITY",
      challenge: null,
      lang: "en",
    } satisfies Partial<LinkSession>);
  });

  it("names the app's privacy policy and terms for the consent screen, on create and on read", async () => {
    const app = await createFinlinkApp(ctx.services.database, {
      name: "App with links",
      redirectUris: ["https://links.example/cb"],
      privacyPolicyUrl: "https://links.example/privacy",
      termsUrl: "https://links.example/terms",
    });
    const link = await openLink(ctx, { id: app.redirects[0]?.id });
    const expected = {
      name: "App with links",
      privacyPolicyUrl: "https://links.example/privacy",
      termsUrl: "https://links.example/terms",
    };
    expect(link.app).toEqual(expected);
    expect(((await (await link.call("GET", "session")).json()) as LinkSession).app).toEqual(expected);
  });

  it("skips the entity screen when an entity is given, with its sign-in form", async () => {
    const link = await openLink(ctx, { id: redirectId(), entity: "sandbox_bank_dni" });
    expect(link.entity?.credentialFields.map((f) => f.name)).toEqual(["dni", "pin"]);
    expect(((await (await link.call("GET", "session")).json()) as LinkSession).step).toBe("CREDENTIALS");
  });

  it("keeps a session opened for one entity there: no other is offered or accepted", async () => {
    const link = await openLink(ctx, { id: redirectId(), entity: "sandbox_bank_dni" });
    const offered = (await (await link.call("GET", "entities")).json()) as LinkEntity[];
    expect(offered.map((e) => e.id)).toEqual(["sandbox_bank_dni"]);
    const other = await submitCredentials(link, "sandbox_bank", "user_good");
    await expectProblem(other, 400, "ENTITY_MISMATCH");
    expect((await submitCredentials(link, "sandbox_bank_dni", "user_good")).status).toBe(200);

    const token = await startFlow({ id: redirectId(), product: "TRANSACTIONS", entity: "sandbox_bank" });
    const fromToken = await openLink(ctx, { authToken: token });
    await expectProblem(await submitCredentials(fromToken, "sandbox_bank_app", "user_good"), 400, "ENTITY_MISMATCH");
    // Opened without an entity, the user picks any.
    const free = await openLink(ctx);
    expect((await submitCredentials(free, "sandbox_bank_app", "user_good")).status).toBe(200);
  });

  it("refuses unknown redirects and entities, and entities without the product", async () => {
    await expectProblem(await createSession({ id: crypto.randomUUID() }), 404, "UNKNOWN_REDIRECT");
    await expectProblem(await createSession({ id: redirectId(), entity: "no_bank" }), 404, "UNKNOWN_ENTITY");
    const wrongProduct = { id: redirectId(), entity: "sandbox_bank", product: "INVESTMENTS" };
    await expectProblem(await createSession(wrongProduct), 400, "UNSUPPORTED_PRODUCT");
    await expectProblem(await createSession({ id: redirectId(), update_token: "upd_nope" }), 404, "UNKNOWN_TOKEN");
  });

  it("needs a start token or a redirect id", async () => {
    await expectProblem(await createSession({ lang: "es" }), 400, "START_REQUIRED");
  });

  it("is refused for an app that accepts only start-flow tokens, which still open it", async () => {
    const strict = await createFinlinkApp(ctx.services.database, {
      name: "Strict",
      redirectUris: ["https://strict.example/cb"],
      startFlowOnly: true,
    });
    const strictRedirect = strict.redirects[0]?.id;
    await expectProblem(await createSession({ id: strictRedirect }), 403, "START_FLOW_REQUIRED");
    const token = await startFlow({ id: strictRedirect, product: "TRANSACTIONS" }, await ctx.login(strict));
    expect((await createSession({ authToken: token })).status).toBe(201);
  });
});

describe("opening a session with a start token", () => {
  it("takes the token's claims over the URL parameters, under either parameter name", async () => {
    const token = await startFlow({
      id: redirectId(),
      product: "INVESTMENTS",
      entity: "sandbox_broker",
      state: "signed",
    });
    for (const body of [{ authToken: token }, { token }, { authToken: token, token }, { authToken: "", token }]) {
      const link = await openLink(ctx, { ...body, state: "forged", entity: "sandbox_bank", product: "TRANSACTIONS" });
      expect(link).toMatchObject({ product: "INVESTMENTS", entity: { id: "sandbox_broker" }, operation: "CONNECT" });
    }
  });

  it("refuses a start token beside a redirect id, of another app or its own, and two tokens: 400 START_CONFLICT", async () => {
    const tokenA = await startFlow({ id: redirectId(), product: "TRANSACTIONS" });
    const tokenB = await startFlow(
      { id: ctx.appB.redirects[0]?.id, product: "TRANSACTIONS" },
      await ctx.login(ctx.appB),
    );
    const idB = ctx.appB.redirects[0]?.id;
    const details = [];
    for (const body of [
      { authToken: "", token: tokenA, id: idB },
      { authToken: tokenA, id: idB },
      { token: tokenB, id: redirectId() },
      { authToken: tokenA, id: redirectId() },
      { authToken: tokenA, token: tokenB },
    ]) {
      details.push(
        ((await expectProblem(await createSession(body), 400, "START_CONFLICT")) as { detail?: string }).detail,
      );
    }
    expect(details.slice(0, 4)).toEqual(
      Array(4).fill("Open Link with a start token (`authToken`) or a redirect id (`id`), not both"),
    );
    expect(details[4]).toBe("`authToken` and `token` carry different values: give one");
  });

  it("counts empty start parameters as absent", async () => {
    const link = await openLink(ctx, { authToken: "", token: "", id: redirectId(), entity: "", state: "", lang: "" });
    expect(link).toMatchObject({ app: { name: "App A" }, operation: "CONNECT", entity: null, lang: null });
    await expectProblem(await createSession({ authToken: "", token: "", id: "" }), 400, "START_REQUIRED");
  });

  it("refuses forged, foreign and expired tokens with INVALID_START_TOKEN", async () => {
    const token = await startFlow({ id: redirectId(), product: "TRANSACTIONS" });
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString());
    const tampered = Buffer.from(JSON.stringify({ ...claims, ext: "someone-else" })).toString("base64url");
    const expired = await ctx.services.keys.sign(
      "api",
      { ...claims, exp: Math.floor(Date.now() / 1000) - 60 },
      { typ: START_TOKEN_TYP, audience: START_TOKEN_AUDIENCE },
    );
    for (const bad of [`${header}.${tampered}.${signature}`, apiToken, expired, "not-a-jwt"]) {
      await expectProblem(await createSession({ authToken: bad }), 401, "INVALID_START_TOKEN");
    }
  });
});

describe("the session token", () => {
  it("works at 29:59 and 29:59.999 after opening (reads, sign-in), and is refused at 30:00", async () => {
    frozenAt = Date.now();
    try {
      const link = await openLink(ctx, { id: redirectId(), entity: "sandbox_bank" });
      const opened = frozenAt;
      frozenAt = opened + 29 * 60_000 + 59_000;
      expect((await link.call("GET", "session")).status).toBe(200);
      frozenAt = opened + 30 * 60_000 - 1;
      expect((await link.call("GET", "session")).status).toBe(200);
      expect((await submitCredentials(link, "sandbox_bank", "user_good")).status).toBe(200);
      frozenAt = opened + 30 * 60_000;
      await expectProblem(await link.call("GET", "session"), 401, "SESSION_EXPIRED");
      await expectProblem(await link.call("POST", "session/finish"), 401, "SESSION_EXPIRED");
    } finally {
      frozenAt = null;
    }
  });

  it("is required, and expires after 30 minutes", async () => {
    await expectProblem(await ctx.request("GET", "/api/v1/link/session"), 401, "SESSION_EXPIRED");
    const unknown = { headers: { "X-Link-Session": "lks_unknown" } };
    await expectProblem(await ctx.request("GET", "/api/v1/link/session", unknown), 401, "SESSION_EXPIRED");
    const link = await openLink(ctx);
    offsetMs += 31 * 60_000;
    try {
      await expectProblem(await link.call("GET", "session"), 401, "SESSION_EXPIRED");
    } finally {
      offsetMs -= 31 * 60_000;
    }
  });
});

describe("entity search", () => {
  const search = async (body: Record<string, unknown>, q?: string) => {
    const link = await openLink(ctx, { id: redirectId(), ...body });
    const res = await link.call("GET", `entities${q === undefined ? "" : `?q=${encodeURIComponent(q)}`}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as LinkEntity[]).map((e) => e.id);
  };

  it("lists the entities offering the session's product, the most popular first", async () => {
    const all = await search({});
    expect(all).toEqual([
      "sandbox_bank",
      "sandbox_broker",
      "sandbox_bank_dni",
      "sandbox_bank_oauth",
      "sandbox_bank_app",
      "sandbox_bank_down",
    ]);
    expect(await search({ product: "INVESTMENTS" })).toEqual(["sandbox_broker"]);
  });

  it("matches name or id ignoring case and accents, word starts and initials", async () => {
    expect(await search({}, "BROKER")).toEqual(["sandbox_broker"]);
    expect(await search({}, "caído")).toEqual(["sandbox_bank_down"]);
    expect(await search({}, "CAIDO")).toEqual(["sandbox_bank_down"]);
    expect(await search({}, "bank_dni")).toEqual(["sandbox_bank_dni"]);
    expect(await search({}, "bsa")).toEqual(["sandbox_bank_app"]);
    expect(await search({}, "cs")).toEqual(["sandbox_bank_dni"]);
    expect(await search({}, "sandbox app")).toEqual(["sandbox_bank_app"]);
    expect(await search({}, "nothing like it")).toEqual([]);
  });

  it("gives Link each entity's type, brand colour, popularity, logo and status", async () => {
    const link = await openLink(ctx, { id: redirectId() });
    const entities = (await (await link.call("GET", "entities")).json()) as LinkEntity[];
    for (const entity of entities) expect(LinkEntity.strict().parse(entity)).toEqual(entity);
    const byId = new Map(entities.map((e) => [e.id, e]));
    expect(byId.get("sandbox_bank")).toMatchObject({
      type: "BANK",
      brandColor: "#1d4ed8",
      popularity: 100,
      // A path on the origin that served Link: its `img-src 'self'` shows it whatever host name the user came by.
      logoUrl: "/logos/sandbox_bank.svg",
      status: "AVAILABLE",
    });
    expect(byId.get("sandbox_bank")).not.toHaveProperty("statusReason");
    expect(byId.get("sandbox_bank")?.credentialFields[0]?.hint?.en).toBe("The username you use for online banking");
    expect(byId.get("sandbox_broker")?.type).toBe("BROKER");
    // The connector's health report, not a guess from the name.
    expect(byId.get("sandbox_bank_down")).toMatchObject({ status: "UNAVAILABLE", statusReason: "OUTAGE" });
  });

  it("points “Forgot your password?” at a page Finlink serves, which says what the sandbox does instead", async () => {
    const link = await openLink(ctx, { id: redirectId() });
    const entities = (await (await link.call("GET", "entities")).json()) as LinkEntity[];
    // A redirect entity's password is typed on the bank's own page, which has its own link.
    const forms = entities.filter((e) => e.signIn === "FORM");
    expect(forms.length).toBeGreaterThan(0);
    expect(entities.find((e) => e.signIn === "REDIRECT")?.forgotPasswordUrl).toBeUndefined();
    const urls = new Set(forms.map((e) => e.forgotPasswordUrl));
    expect([...urls]).toEqual(["/api/v1/docs/guides/sandbox-users#forgotten-passwords"]);
    const page = await ctx.request("GET", "/api/v1/docs/guides/sandbox-users");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('id="forgotten-passwords"');
    expect(html).toContain("This is where Banco Sandbox would let you reset your password");
  });

  it("reports a fixed entity's status on the session too", async () => {
    const link = await openLink(ctx, { id: redirectId(), entity: "sandbox_bank_down" });
    expect(link.entity).toMatchObject({ id: "sandbox_bank_down", status: "UNAVAILABLE" });
  });
});

describe("malformed requests", () => {
  it("answer problem+json, never 500", async () => {
    await expectProblem(await createSession("{not json"), 400);
    await expectProblem(await createSession({ id: "not-a-uuid" }), 400, "VALIDATION_ERROR");
    await expectProblem(await createSession({ id: redirectId(), lang: "fr", theme: "BLUE" }), 400, "VALIDATION_ERROR");
    const both = { id: redirectId(), update_token: "upd_a", restore_token: "rst_b" };
    await expectProblem(await createSession(both), 400, "VALIDATION_ERROR");
    const link = await openLink(ctx);
    await expectProblem(await link.call("POST", "session/credentials", { entity: 1, credentials: [] }), 400);
    await expectProblem(await link.call("POST", "session/mfa", { challengeId: "x", answer: { type: "SMS" } }), 400);
    await expectProblem(await link.call("POST", "session/exit", { reason: "BORED" }), 400);
    await expectProblem(await link.call("GET", `entities?q=${"x".repeat(101)}`), 400);
  });
});

describe("the OpenAPI document", () => {
  it("shows the Link API under its tag with the session header scheme", async () => {
    const doc = (await (await ctx.request("GET", "/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, { tags: string[] }>>;
      components: { securitySchemes: Record<string, { name?: string }> };
    };
    expect(doc.paths["/api/v1/link/session/mfa"]?.post?.tags).toEqual(["Link"]);
    expect(doc.components.securitySchemes.linkSession?.name).toBe("X-Link-Session");
  });
});
