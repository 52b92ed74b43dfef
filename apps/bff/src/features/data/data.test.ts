import type { Account, BffConnection, Portfolio } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../testing/backends";
import type { TestBrowser } from "../../testing/test-browser";
import { type BffTestContext, createBffTestContext } from "../../testing/test-context";

describe.each(testBackends())("read proxies (%s)", (_name, backend) => {
  let ctx: BffTestContext;
  let b: TestBrowser;
  let broker: BffConnection;
  let token: string;
  beforeAll(async () => {
    ctx = await createBffTestContext({ backend });
    b = await ctx.signedIn("investor");
    broker = await ctx.connect(b, { entity: "sandbox_broker", username: "user_good" });
    await ctx.waitForStatus(b, broker.id, ["READY"]);
    token = await ctx.connectionTokenOf(broker.id);
  });
  afterAll(() => ctx?.close());

  /** Finlink's own answer text for `suffix`, asked directly with the demo app's session. */
  const finlinkText = async (suffix: string) => {
    const { clientId, clientSecret } = ctx.config.finlink;
    const login = await ctx.finlink.request("POST", "/api/v1/auth/login", { body: { clientId, clientSecret } });
    const { token: session } = (await login.json()) as { token: string };
    const res = await ctx.finlink.request("GET", `/api/v1/queries/connections/${token}${suffix}`, { token: session });
    expect(res.status).toBe(200);
    return res.text();
  };

  it("forwards Finlink's JSON text unchanged: every digit of every amount, for each data read", async () => {
    const accounts = JSON.parse(await finlinkText("/accounts")) as Account[];
    const portfolios = JSON.parse(await finlinkText("/portfolios")) as Portfolio[];
    const account = accounts[0] as Account;
    const portfolio = portfolios[0] as Portfolio;
    const reads = [
      "/accounts",
      `/accounts/${account.id}/transactions?limit=5`,
      "/portfolios",
      "/portfolios/active-positions",
      `/portfolios/${portfolio.id}/transactions?limit=5`,
      "/investments",
    ];
    for (const suffix of reads) {
      const res = await b.request("GET", `/api/connections/${broker.id}${suffix}`);
      expect([suffix, res.status]).toEqual([suffix, 200]);
      expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
      const text = await res.text();
      expect(text).toBe(await finlinkText(suffix));
      expect(JSON.parse(text)).not.toEqual([]);
    }
    // Somewhere in the broker's data a decimal ends in 0: JSON.parse and stringify would have lost it.
    const all = await Promise.all(reads.map((suffix) => finlinkText(suffix)));
    expect(all.some((text) => /[:,[]-?\d+\.\d*0[,}\]]/.test(text))).toBe(true);
  });

  it("passes on limit, cursor, from and to, and nothing else", async () => {
    const [account] = JSON.parse(await finlinkText("/accounts")) as Account[];
    const before = ctx.finlinkCalls.length;
    const res = await b.request(
      "GET",
      `/api/connections/${broker.id}/accounts/${account?.id}/transactions?limit=3&from=2000-01-01&to=2100-01-01&cursor=&scope=all&apiToken=x`,
    );
    expect(res.status).toBe(200);
    const [call] = ctx.finlinkCalls.slice(before).filter((c) => c.path.endsWith("/transactions"));
    expect(Object.fromEntries(new URLSearchParams(call?.search))).toEqual({
      limit: "3",
      from: "2000-01-01",
      to: "2100-01-01",
    });
  });

  it("answers Finlink's refusals in its own words: 400 keeps the reason, 404 stays 404, 5xx is 502", async () => {
    const [account] = JSON.parse(await finlinkText("/accounts")) as Account[];
    const badCursor = await b.json<{ status: number; reason: string }>(
      "GET",
      `/api/connections/${broker.id}/accounts/${account?.id}/transactions?cursor=garbage`,
    );
    expect(badCursor.body).toMatchObject({ status: 400, reason: "INVALID_CURSOR" });
    const badLimit = await b.json<{ status: number; reason: string }>(
      "GET",
      `/api/connections/${broker.id}/accounts/${account?.id}/transactions?limit=ten`,
    );
    expect(badLimit.body).toMatchObject({ status: 400, reason: "VALIDATION_ERROR" });
    const unknown = await b.json<{ status: number }>(
      "GET",
      `/api/connections/${broker.id}/accounts/${crypto.randomUUID()}/transactions`,
    );
    expect(unknown.status).toBe(404);

    ctx.control.intercept = (call) =>
      call.path.endsWith("/accounts") ? Promise.resolve(new Response("boom", { status: 500 })) : undefined;
    try {
      const failed = await b.json<{ status: number; reason: string; detail: string }>(
        "GET",
        `/api/connections/${broker.id}/accounts`,
      );
      expect(failed.body).toMatchObject({ status: 502, reason: "UPSTREAM_ERROR" });
      expect(failed.res.headers.get("Content-Type")).toBe("application/problem+json");
    } finally {
      ctx.control.intercept = undefined;
    }
  });

  it("never reaches another Finlink path through an id (encoded slashes, dots)", async () => {
    const before = ctx.finlinkCalls.length;
    for (const id of ["..%2F..%2Finvestments", "%2E%2E", "a%2Fb", "x".repeat(129)]) {
      const res = await b.request("GET", `/api/connections/${broker.id}/accounts/${id}/transactions`);
      expect([id, res.status]).toEqual([id, 404]);
    }
    expect(ctx.finlinkCalls.length).toBe(before);
  });

  it("serves GETs only: no other method reaches a data path", async () => {
    for (const method of ["POST", "DELETE", "PUT", "PATCH"]) {
      const res = await b.request(method, `/api/connections/${broker.id}/accounts`, { body: {} });
      expect([method, res.status]).toEqual([method, 404]);
    }
  });

  it("sends none of Finlink's headers or tokens back", async () => {
    const res = await b.request("GET", `/api/connections/${broker.id}/accounts`);
    const headers = [...res.headers].map(([name, value]) => `${name}: ${value}`).join("\n");
    expect(headers).not.toContain(token);
    expect(headers).not.toMatch(/authorization|bearer|x-client-trace-id/i);
    expect(ctx.responses.filter((r) => JSON.stringify(r).includes(token))).toEqual([]);
  });
});
