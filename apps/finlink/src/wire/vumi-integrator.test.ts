import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLink, signIn } from "../features/link/link.testing";
import { createTestContext, type TestContext } from "../testing/test-context";

/**
 * Written as an integrator who read only Vumi's documentation would write it: paths, bodies and fields
 * from the reference and nothing of ours (no connectionId, no sandbox API). The user's part, inside Link,
 * is the widget's own API, as a browser would drive it.
 */
describe("an integration written against Vumi's documentation", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  type Json = Record<string, unknown>;
  /** A call as the integrator's backend makes it: Bearer session token, JSON in and out. */
  const vumi = async (session: string, method: string, path: string, body?: Json) => {
    const res = await ctx.request(method, path, { token: session, ...(body ? { body } : {}) });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  /** What the user does in Link: sign in at the entity, pass MFA, end at the app's redirect. */
  const userCompletesLink = async (authToken: string, entity: string) => {
    const link = await openLink(ctx, { authToken });
    const signedIn = await signIn(link, entity, "user_good");
    expect(signedIn.status).toBe(200);
    const finished = await link.call("POST", "session/finish");
    expect(finished.status).toBe(200);
    return new URL(((await finished.json()) as { redirectUrl: string }).redirectUrl);
  };

  it.each([
    ["a bank", "sandbox_bank"],
    ["a broker", "sandbox_broker"],
  ])(
    "connects %s, waits for READY, reads its data and deletes it",
    async (_kind, entity) => {
      // Log in (§2.2): one hour session with the three scopes.
      const login = await ctx.request("POST", "/api/v1/auth/login", {
        body: { clientId: ctx.appA.clientId, clientSecret: ctx.appA.clientSecret, scopes: ["read", "write", "delete"] },
      });
      expect(login.status).toBe(200);
      const { token: session } = (await login.json()) as { token: string };

      // Start the flow from the backend (§3.1), the app's redirect id from its dashboard.
      const externalId = `customer-123-${entity}`;
      const started = await vumi(session, "POST", "/api/v1/commands/connections/start-flow", {
        entity,
        product: "TRANSACTIONS",
        subproduct: null,
        externalId,
        desiredOwners: null,
        id: ctx.appA.redirects[0]?.id ?? "",
      });
      expect(started.status).toBe(200);
      const authToken = (started.body as { token: string }).token;

      // The redirect (§10.3) carries the publicToken as `token`, with operation and entity.
      const redirect = await userCompletesLink(authToken, entity);
      expect(redirect.searchParams.get("operation")).toBe("CONNECT");
      expect(redirect.searchParams.get("entity")).toBe(entity);
      const publicToken = redirect.searchParams.get("token") ?? "";

      // Exchange it (§4.2) for the permanent connectionToken.
      const exchanged = await vumi(session, "POST", `/api/v1/commands/connections/exchange/${publicToken}`);
      expect(exchanged.status).toBe(200);
      const { connectionToken } = exchanged.body as { connectionToken: string };
      expect(typeof connectionToken).toBe("string");

      // Poll the status (§4.4) until the first extraction ends.
      let status: Json = {};
      for (let i = 0; i < 400 && status.status !== "READY"; i++) {
        const res = await vumi(session, "GET", `/api/v1/queries/connections/${connectionToken}`);
        expect(res.status).toBe(200);
        status = res.body as Json;
        expect(["PENDING", "READY"]).toContain(status.status);
        if (status.status !== "READY") await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(status).toMatchObject({ status: "READY", entity, externalId, credentialsToken: connectionToken });
      expect(typeof status.lastSync).toBe("string");

      // List connections by externalId (§4.5) and find ours by credentialsToken.
      const listed = await vumi(session, "GET", `/api/v1/queries/connections?externalId=${externalId}`);
      expect(listed.status).toBe(200);
      const mine = (listed.body as Json[]).filter((c) => c.credentialsToken === connectionToken);
      expect(mine).toHaveLength(1);
      expect((listed.body as Json[]).every((c) => c.externalId === externalId)).toBe(true);

      const base = `/api/v1/queries/connections/${connectionToken}`;
      const read = async (path: string) => {
        const res = await vumi(session, "GET", `${base}/${path}`);
        expect(res.status, path).toBe(200);
        expect(Array.isArray(res.body), path).toBe(true);
        return res.body as Json[];
      };
      // Accounts (§7.1): numbers for balances, names for owners.
      const accounts = await read("accounts");
      expect(accounts.length).toBeGreaterThan(0);
      for (const a of accounts) {
        expect(typeof a.balance).toBe("number");
        expect(["CASH_ACCOUNT", "OTHER"]).toContain(a.type);
        expect((a.owners as unknown[]).length).toBeGreaterThan(0);
        for (const owner of a.owners as unknown[]) expect(typeof owner).toBe("string");
      }
      // Portfolios (§7.3), active positions (§7.5) and investments (§6.1).
      const portfolios = await read("portfolios");
      const positions = await read("portfolios/active-positions");
      const investments = await read("investments");
      if (entity === "sandbox_bank") {
        expect([portfolios, positions, investments]).toEqual([[], [], []]);
      } else {
        expect(portfolios.length).toBeGreaterThan(0);
        expect(positions.length).toBeGreaterThan(0);
        const investmentIds = new Set(investments.map((i) => i.id));
        const portfolioIds = new Set(portfolios.map((p) => p.id));
        const weightSums = new Map<unknown, number>();
        for (const p of positions) {
          expect(investmentIds.has(p.investment)).toBe(true);
          expect(portfolioIds.has(p.portfolio)).toBe(true);
          for (const field of ["titles", "amount", "localAmount", "price", "localPrice", "exchangeRate", "weight"])
            expect(typeof p[field], field).toBe("number");
          // amount = localAmount / exchangeRate, to the cent.
          expect(Math.abs((p.amount as number) - (p.localAmount as number) / (p.exchangeRate as number))).toBeLessThan(
            0.011,
          );
          weightSums.set(p.portfolio, (weightSums.get(p.portfolio) ?? 0) + (p.weight as number));
        }
        for (const sum of weightSums.values()) expect(sum).toBeCloseTo(1, 9);
        // The broker holds something in a foreign currency, converted at the day's rate.
        expect(positions.some((p) => p.localCurrency !== p.currency && p.exchangeRate !== 1)).toBe(true);
        // Investments carry Vumi's identification fields.
        for (const i of investments) {
          for (const field of ["unknown", "spanishTaxExempt"]) expect(typeof i[field], field).toBe("boolean");
          expect("relatedSecurity" in i && "managementCompany" in i).toBe(true);
        }
      }

      // Delete (§4.7): the token no longer answers.
      const deleted = await vumi(session, "DELETE", `/api/v1/commands/connections/${connectionToken}`);
      expect(deleted).toEqual({ status: 200, body: { message: "success" } });
      expect((await vumi(session, "GET", `/api/v1/queries/connections/${connectionToken}`)).status).toBe(404);
    },
    60_000,
  );
});
