import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FinlinkResponseError } from "./errors";
import { connect, editJson, type Finlink, startFinlink, waitFor } from "./finlink.testing";

let finlink: Finlink;
let client: ReturnType<Finlink["client"]>;
let bank: { connectionToken: string; connectionId: string };
let broker: { connectionToken: string; connectionId: string };
const externalId = `customer-${crypto.randomUUID()}`;

beforeAll(async () => {
  finlink = await startFinlink({ workers: true });
  client = finlink.client();
  bank = await connect(client, "sandbox_bank", "user_good", externalId);
  broker = await connect(client, "sandbox_broker", "user_good", externalId);
  await waitFor(client, bank.connectionToken, ["READY"]);
  await waitFor(client, broker.connectionToken, ["READY"]);
});
afterAll(() => finlink.close());
afterEach(() => finlink.reset());

/** The id of the account with the most transactions. */
async function busiestAccount(connectionToken: string): Promise<string> {
  const accounts = await client.accounts(connectionToken);
  const sizes = await Promise.all(
    accounts.map(async (a) => (await client.accountTransactions(connectionToken, a.id, { limit: 1000 })).data.length),
  );
  return String(accounts[sizes.indexOf(Math.max(...sizes))]?.id);
}

describe("each operation answers its contract's shape, read from the real server", () => {
  it("app, entities and start-flow", async () => {
    const app = await client.app();
    expect(app.redirects.map((r) => r.uri)).toContain("https://app-a.example/callback");
    expect((await client.entities()).map((e) => e.id)).toEqual(
      expect.arrayContaining(["sandbox_bank", "sandbox_broker"]),
    );
    const start = await client.startFlow({ id: String(app.redirects[0]?.id), product: "TRANSACTIONS", externalId });
    expect(new URL(start.url).searchParams.get("authToken")).toBe(start.token);
  });

  it("connection, connections and pending, filtered by externalId", async () => {
    await expect(client.connection(bank.connectionToken)).resolves.toMatchObject({
      connectionId: bank.connectionId,
      status: "READY",
      entity: "sandbox_bank",
      externalId,
    });
    const listed = await client.connections({ externalId });
    expect(listed.map((c) => c.connectionId).sort()).toEqual([bank.connectionId, broker.connectionId].sort());
    expect(await client.connections({ externalId: "nobody" })).toEqual([]);
    const { publicToken } = await client.sandbox.publicToken({
      entity: "sandbox_bank",
      username: "user_good",
      externalId,
    });
    expect(await client.pending({ externalId })).toEqual([{ publicToken, externalId, createdAt: expect.any(String) }]);
  });

  it("accounts and one page of an account's transactions", async () => {
    const accounts = await client.accounts(bank.connectionToken);
    expect(accounts.length).toBeGreaterThan(0);
    expect(accounts.filter((a) => typeof a.balance !== "number")).toEqual([]);
    const ibans = accounts.flatMap((a) => (a.iban ? [a.iban] : []));
    expect(ibans.length).toBeGreaterThan(0);
    expect(ibans.filter((iban) => !/^ES\d{22}$/.test(iban))).toEqual([]);
    const busiest = await busiestAccount(bank.connectionToken);
    const page = await client.accountTransactions(bank.connectionToken, busiest, { limit: 5 });
    expect(page.data.map((t) => t.accountId)).toEqual(Array(5).fill(busiest));
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it("portfolios, active positions, portfolio transactions and investments", async () => {
    const portfolios = await client.portfolios(broker.connectionToken);
    expect(portfolios.length).toBeGreaterThan(0);
    const positions = await client.activePositions(broker.connectionToken);
    expect(positions.length).toBeGreaterThan(0);
    const page = await client.portfolioTransactions(broker.connectionToken, String(portfolios[0]?.id), { limit: 3 });
    expect(page.data.map((t) => t.portfolioId)).toEqual(Array(page.data.length).fill(portfolios[0]?.id));
    const investments = await client.investments(broker.connectionToken);
    expect(investments.map((i) => i.id)).toEqual(expect.arrayContaining(positions.map((p) => p.investment)));
  });

  it("the webhook verification key", async () => {
    const kid = finlink.ctx.services.keys.currentKid("webhook");
    await expect(client.verificationKey(kid)).resolves.toMatchObject({ kid, kty: "EC", crv: "P-256", alg: "ES256" });
  });

  it("refresh, the sandbox calls and delete", async () => {
    const { connectionToken, connectionId } = await connect(client, "sandbox_bank", "user_good");
    await waitFor(client, connectionToken, ["READY"]);
    await expect(client.refresh(connectionToken)).resolves.toEqual({ connectionId, status: "UPDATING" });
    await waitFor(client, connectionToken, ["READY"]);
    await expect(client.sandbox.fireWebhook(connectionToken, "CONNECTION_UPDATED")).resolves.toEqual({
      webhookId: expect.any(String),
    });
    await expect(client.sandbox.resetLogin(connectionToken)).resolves.toMatchObject({ connectionId });
    await expect(client.deleteConnection(connectionToken)).resolves.toEqual({ message: "success" });
    await expect(client.connection(connectionToken)).rejects.toMatchObject({ status: 404 });
  });
});

/** Renames the first key of every object in the answer: what a renamed field on the wire looks like. */
function renameFields(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(renameFields);
  if (body === null || typeof body !== "object") return body;
  return Object.fromEntries(
    Object.entries(body).map(([key, value], i) => [i === 0 ? `${key}Renamed` : key, renameFields(value)]),
  );
}

describe("a changed wire", () => {
  const fresh = () => connect(client, "sandbox_bank", "user_good");
  const publicToken = async () =>
    (await client.sandbox.publicToken({ entity: "sandbox_bank", username: "user_good" })).publicToken;
  const redirectId = async () => String((await client.app()).redirects[0]?.id);
  const accountId = async () => String((await client.accounts(bank.connectionToken))[0]?.id);
  const portfolioId = async () => String((await client.portfolios(broker.connectionToken))[0]?.id);
  const webhookKid = async () => finlink.ctx.services.keys.currentKid("webhook");
  // [operation, what it needs (fetched before the wire changes), the call]
  const cases: [string, () => Promise<string>, (arg: string) => Promise<unknown>][] = [
    ["app", redirectId, () => client.app()],
    ["entities", redirectId, () => client.entities()],
    ["startFlow", redirectId, (id) => client.startFlow({ id, product: "TRANSACTIONS" })],
    ["exchange", publicToken, (token) => client.exchange(token)],
    ["connection", redirectId, () => client.connection(bank.connectionToken)],
    ["connections", redirectId, () => client.connections({ externalId })],
    ["pending", publicToken, () => client.pending()],
    ["deleteConnection", async () => (await fresh()).connectionToken, (token) => client.deleteConnection(token)],
    ["accounts", redirectId, () => client.accounts(bank.connectionToken)],
    ["accountTransactions", accountId, (id) => client.accountTransactions(bank.connectionToken, id)],
    ["portfolios", redirectId, () => client.portfolios(broker.connectionToken)],
    ["activePositions", redirectId, () => client.activePositions(broker.connectionToken)],
    ["portfolioTransactions", portfolioId, (id) => client.portfolioTransactions(broker.connectionToken, id)],
    ["investments", redirectId, () => client.investments(broker.connectionToken)],
    ["verificationKey", webhookKid, (kid) => client.verificationKey(kid)],
    [
      "sandbox.publicToken",
      redirectId,
      () => client.sandbox.publicToken({ entity: "sandbox_bank", username: "user_good" }),
    ],
    ["sandbox.fireWebhook", redirectId, () => client.sandbox.fireWebhook(bank.connectionToken, "CONNECTION_UPDATED")],
  ];

  it.each(cases)("%s: a renamed field is a FinlinkResponseError naming it", async (_, prepare, call) => {
    const arg = await prepare();
    finlink.intercept((_, forward) => forward().then((res) => editJson(res, renameFields)));
    const error = await call(arg).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FinlinkResponseError);
    expect(error).toMatchObject({ reason: "INVALID_RESPONSE", status: expect.any(Number) });
    expect((error as FinlinkResponseError).issues.length).toBeGreaterThan(0);
    expect((error as Error).message).not.toContain(bank.connectionToken);
  });

  it("refresh and resetLogin: a renamed field is a FinlinkResponseError", async () => {
    const { connectionToken } = await fresh();
    await waitFor(client, connectionToken, ["READY"]);
    finlink.intercept((_, forward) => forward().then((res) => editJson(res, renameFields)));
    await expect(client.refresh(connectionToken)).rejects.toBeInstanceOf(FinlinkResponseError);
    await expect(client.sandbox.resetLogin(connectionToken)).rejects.toBeInstanceOf(FinlinkResponseError);
  });

  it("an answer that is not JSON is a FinlinkResponseError too", async () => {
    await client.app();
    finlink.intercept(
      async () => new Response("<html>hi</html>", { status: 200, headers: { "Content-Type": "text/html" } }),
    );
    await expect(client.entities()).rejects.toThrow(
      /does not match the contract \(\(body\): not JSON \(text\/html\)\)/,
    );
  });

  it("a new enum value is a FinlinkResponseError, not a value the types do not allow", async () => {
    await client.app();
    finlink.intercept((_, forward) =>
      forward().then((res) => editJson(res, (body) => ({ ...(body as object), status: "ARCHIVED" }))),
    );
    const error = (await client.connection(bank.connectionToken).catch((e: unknown) => e)) as FinlinkResponseError;
    expect(error.issues.map((i) => i.path)).toEqual(["status"]);
  });
});
