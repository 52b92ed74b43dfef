import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  CreateLinkSessionRequest,
  LoginRequest,
  Money,
  parseLinkStart,
  StartFlowRequest,
  Transaction,
  WebhookPayload,
} from "./index";

/** Just what the start rules use of JSON Schema: required, minLength, anyOf, allOf, not. */
interface Rule {
  required?: string[];
  properties?: Record<string, { minLength?: number }>;
  anyOf?: Rule[];
  allOf?: Rule[];
  not?: Rule;
}
/** The schema as JSON Schema, the way a generator puts it (a schema with an id is a definition). */
const jsonSchemaOf = (schema: z.ZodType, id: string) =>
  (z.toJSONSchema(schema) as { $defs: Record<string, Rule> }).$defs[id] as Rule;

function allows(rule: Rule, body: Record<string, string>): boolean {
  if (rule.required?.some((name) => !(name in body))) return false;
  for (const [name, { minLength }] of Object.entries(rule.properties ?? {}))
    if (name in body && minLength !== undefined && (body[name] ?? "").length < minLength) return false;
  if (rule.anyOf && !rule.anyOf.some((r) => allows(r, body))) return false;
  if (rule.allOf && !rule.allOf.every((r) => allows(r, body))) return false;
  return !(rule.not && allows(rule.not, body));
}

describe("contracts", () => {
  it("takes money as a JSON number (Vumi's wire), never a string, NaN or an infinity", () => {
    expect(Money.safeParse(-12.3).success).toBe(true);
    expect(Money.safeParse(0).success).toBe(true);
    expect(Money.safeParse("-12.30").success).toBe(false);
    expect(Money.safeParse(Number.NaN).success).toBe(false);
    expect(Money.safeParse(Number.POSITIVE_INFINITY).success).toBe(false);
  });

  it("defaults login scopes to all three when missing or null", () => {
    const clientId = crypto.randomUUID();
    expect(LoginRequest.parse({ clientId, clientSecret: "s" }).scopes).toBeUndefined();
    expect(LoginRequest.parse({ clientId, clientSecret: "s", scopes: null }).scopes).toBeNull();
    expect(LoginRequest.safeParse({ clientId, clientSecret: "s", scopes: [] }).success).toBe(false);
  });

  it("refuses a start-flow with both an update and a restore token", () => {
    const base = { id: crypto.randomUUID(), product: "TRANSACTIONS" };
    expect(StartFlowRequest.safeParse(base).success).toBe(true);
    expect(StartFlowRequest.safeParse({ ...base, updateToken: "a", restoreToken: "b" }).success).toBe(false);
  });

  it("states in JSON Schema the start rules the server enforces: a start token or a redirect id, not both", () => {
    const rules = jsonSchemaOf(CreateLinkSessionRequest, "CreateLinkSessionRequest");
    const id = crypto.randomUUID();
    const values = {
      authToken: ["", "tok"],
      token: ["", "tok"],
      id: ["", id],
      update_token: ["", "upd"],
      restore_token: ["", "rst"],
    };
    // Every combination of absent, empty and given (a start token and its alias given alike: a difference cannot be said in JSON Schema).
    let bodies: Record<string, string>[] = [{}];
    for (const [name, options] of Object.entries(values))
      bodies = bodies.flatMap((body) => [body, ...options.map((value) => ({ ...body, [name]: value }))]);
    expect(bodies).toHaveLength(3 ** 5);
    for (const body of bodies) {
      const served = CreateLinkSessionRequest.safeParse(body).success && parseLinkStart(body).kind !== "error";
      expect(allows(rules, body), JSON.stringify(body)).toBe(served);
    }
  });

  it("states that start-flow takes an update or a restore token, not both", () => {
    const rules = jsonSchemaOf(StartFlowRequest, "StartFlowRequest");
    const base = { id: crypto.randomUUID(), product: "TRANSACTIONS" };
    for (const body of [
      base,
      { ...base, updateToken: "a" },
      { ...base, restoreToken: "b" },
      { ...base, updateToken: "a", restoreToken: "b" },
    ])
      expect(allows(rules, body), JSON.stringify(body)).toBe(StartFlowRequest.safeParse(body).success);
  });

  it("describes a transaction and a webhook body", () => {
    const tx = {
      id: "tx_1",
      accountId: "acc_1",
      date: "2026-11-24",
      valueDate: "2026-11-25",
      amount: -5,
      currency: "EUR",
      description: "Compra Mercadona",
      type: "DEBIT",
      category: "SUPERMERCADO",
    };
    expect(Transaction.parse(tx)).toEqual(tx);
    expect(Transaction.safeParse({ ...tx, date: "24/11/2026" }).success).toBe(false);
    expect(Transaction.safeParse({ ...tx, amount: "-5.00" }).success).toBe(false);
    expect(Transaction.safeParse({ ...tx, type: "DIVIDEND_RETENTION", amount: -0.95 }).success).toBe(true);
    expect(Transaction.safeParse({ ...tx, type: "WITHDRAWAL" }).success).toBe(false);
    const hook = {
      webhookId: crypto.randomUUID(),
      type: "CONNECTION_READY",
      connectionId: crypto.randomUUID(),
      externalId: null,
      status: "READY",
      occurredAt: new Date().toISOString(),
    };
    expect(WebhookPayload.parse(hook)).toEqual(hook);
    expect(WebhookPayload.safeParse({ ...hook, type: "OTHER" }).success).toBe(false);
  });
});
