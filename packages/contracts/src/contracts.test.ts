import { describe, expect, it } from "vitest";
import { LoginRequest, Money, StartFlowRequest, Transaction, WebhookPayload } from "./index";

describe("contracts", () => {
  it("takes money only as a two-decimal string, never a float", () => {
    expect(Money.safeParse("-12.30").success).toBe(true);
    expect(Money.safeParse(12.3).success).toBe(false);
    expect(Money.safeParse("12.3").success).toBe(false);
    expect(Money.safeParse("1e3").success).toBe(false);
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

  it("describes a transaction and a webhook body", () => {
    const tx = {
      id: "tx_1",
      accountId: "acc_1",
      date: "2026-11-24",
      valueDate: "2026-11-25",
      amount: "-5.00",
      currency: "EUR",
      description: "Compra Mercadona",
      type: "DEBIT",
      category: "SUPERMERCADO",
    };
    expect(Transaction.parse(tx)).toEqual(tx);
    expect(Transaction.safeParse({ ...tx, date: "24/11/2026" }).success).toBe(false);
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
