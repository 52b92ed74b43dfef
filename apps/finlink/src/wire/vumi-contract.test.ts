import {
  Account,
  ActivePosition,
  Connection,
  ExchangeResponse,
  Investment,
  LoginResponse,
  MessageResponse,
  PendingPublicToken,
  Portfolio,
  PublicJwk,
} from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createDataFixture, type DataFixture } from "../features/data/data-fixture";
import { VUMI_EXAMPLES } from "./vumi-examples";

/**
 * One check per endpoint Vumi documents with an example: (1) the example validates against our response
 * schema, strictly (no field of it unknown to us), with our extensions optional, since Vumi's bodies do
 * not have them; (2) a real sandbox response has exactly the example's fields plus those extensions, no
 * field missing and none undeclared; (3) each extension says so in the OpenAPI document.
 */
interface Endpoint {
  name: keyof typeof VUMI_EXAMPLES;
  schema: z.ZodObject;
  /** Our additions to Vumi's shape, each described as an "Extension" in the OpenAPI document. */
  extensions: string[];
  /** The OpenAPI component that documents the body. */
  component: string;
}

const ENDPOINTS: Endpoint[] = [
  { name: "login", schema: LoginResponse, extensions: [], component: "LoginResponse" },
  { name: "exchange", schema: ExchangeResponse, extensions: ["connectionId"], component: "ExchangeResponse" },
  { name: "status", schema: Connection, extensions: ["connectionId"], component: "Connection" },
  { name: "list", schema: Connection, extensions: ["connectionId"], component: "Connection" },
  { name: "pending", schema: PendingPublicToken, extensions: [], component: "PendingPublicToken" },
  { name: "delete", schema: MessageResponse, extensions: [], component: "" },
  { name: "investments", schema: Investment, extensions: [], component: "Investment" },
  { name: "accounts", schema: Account, extensions: [], component: "Account" },
  { name: "portfolios", schema: Portfolio, extensions: [], component: "Portfolio" },
  { name: "activePositions", schema: ActivePosition, extensions: [], component: "ActivePosition" },
  { name: "verificationKey", schema: PublicJwk, extensions: ["kid", "use"], component: "PublicJwk" },
];

/** The example's objects: the body itself, or each item of a list body. */
const objectsOf = (example: unknown): Record<string, unknown>[] =>
  (Array.isArray(example) ? example : [example]) as Record<string, unknown>[];

/**
 * GitBook renders the JWK's members as the placeholder "text"; the verification guide fixes `alg` to
 * ES256, which makes the key an EC P-256 one: those values stand in for the placeholders.
 */
const PLACEHOLDERS: Record<string, Record<string, unknown>> = {
  verificationKey: { alg: "ES256", kty: "EC", crv: "P-256" },
};

describe("Vumi's documented examples against our response schemas", () => {
  it.each(ENDPOINTS)("$name: the example validates, strictly, with our extensions optional", (endpoint) => {
    const shape: Record<string, z.ZodType> = { ...endpoint.schema.shape };
    for (const key of endpoint.extensions) shape[key] = (shape[key] ?? z.never()).optional();
    const schema = z.strictObject(shape);
    const objects = objectsOf(VUMI_EXAMPLES[endpoint.name]);
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) {
      const result = schema.safeParse({ ...object, ...PLACEHOLDERS[endpoint.name] });
      expect(result.error?.issues ?? []).toEqual([]);
    }
  });

  it("every documented Vumi example has its endpoint checked here", () => {
    expect(ENDPOINTS.map((e) => e.name).sort()).toEqual(Object.keys(VUMI_EXAMPLES).sort());
  });
});

describe("our responses have exactly Vumi's fields plus the documented extensions", () => {
  let f: DataFixture;
  const bodies = new Map<Endpoint["name"], unknown>();
  let openapi: { components: { schemas: Record<string, { properties?: Record<string, { description?: string }> }> } };

  beforeAll(async () => {
    f = await createDataFixture({ kind: "pglite" });
    const { ctx } = f;
    const json = async (res: Response, status = 200) => {
      expect(res.status, await res.clone().text()).toBe(status);
      return res.json();
    };
    const token = f.token;
    bodies.set(
      "login",
      await json(
        await ctx.request("POST", "/api/v1/auth/login", {
          body: { clientId: ctx.appA.clientId, clientSecret: ctx.appA.clientSecret },
        }),
      ),
    );
    const issue = async (externalId: string) => {
      const body = { entity: "sandbox_bank", username: "user_good", externalId };
      return (await json(await ctx.request("POST", "/api/v1/sandbox/public-token", { body, token }))) as {
        publicToken: string;
      };
    };
    const spare = await issue("contract-pending");
    bodies.set("pending", await json(await ctx.request("GET", "/api/v1/queries/connections/pending", { token })));
    const exchanged = (await json(
      await ctx.request("POST", `/api/v1/commands/connections/exchange/${spare.publicToken}`, { token }),
    )) as { connectionToken: string };
    bodies.set("exchange", exchanged);
    const base = `/api/v1/queries/connections/${f.broker.connectionToken}`;
    bodies.set("status", await json(await ctx.request("GET", base, { token })));
    bodies.set("list", await json(await ctx.request("GET", "/api/v1/queries/connections", { token })));
    bodies.set("investments", await json(await ctx.request("GET", `${base}/investments`, { token })));
    bodies.set("accounts", await json(await ctx.request("GET", `${base}/accounts`, { token })));
    bodies.set("portfolios", await json(await ctx.request("GET", `${base}/portfolios`, { token })));
    bodies.set(
      "activePositions",
      await json(await ctx.request("GET", `${base}/portfolios/active-positions`, { token })),
    );
    const kid = ctx.services.keys.currentKid("webhook");
    bodies.set("verificationKey", await json(await ctx.request("GET", `/api/v1/webhook_verification/${kid}`)));
    bodies.set(
      "delete",
      await json(await ctx.request("DELETE", `/api/v1/commands/connections/${exchanged.connectionToken}`, { token })),
    );
    openapi = (await json(await ctx.request("GET", "/api/v1/openapi.json"))) as typeof openapi;
  }, 60_000);
  afterAll(() => f.ctx.close());

  it.each(ENDPOINTS)("$name", (endpoint) => {
    const expected = [...Object.keys(objectsOf(VUMI_EXAMPLES[endpoint.name])[0] ?? {}), ...endpoint.extensions].sort();
    const objects = objectsOf(bodies.get(endpoint.name));
    expect(objects.length, "the sandbox answered no object to compare").toBeGreaterThan(0);
    for (const object of objects) {
      expect(Object.keys(object).sort()).toEqual(expected);
      endpoint.schema.strict().parse(object);
    }
    // Vumi's ids of accounts, portfolios and investments (and the references to them) are UUIDs; ours too.
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const idFields = {
      accounts: ["id"],
      portfolios: ["id"],
      investments: ["id"],
      activePositions: ["portfolio", "investment"],
    };
    for (const field of idFields[endpoint.name as keyof typeof idFields] ?? [])
      for (const object of objects) expect(object[field], `${endpoint.name}.${field}`).toMatch(uuid);
    for (const extension of endpoint.extensions) {
      const description = openapi.components.schemas[endpoint.component]?.properties?.[extension]?.description ?? "";
      expect(description, `${endpoint.component}.${extension}`).toMatch(/extension/i);
    }
  });
});
