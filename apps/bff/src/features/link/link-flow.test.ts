import { BffConnection, type BffLinkUrl, type BffUser, type Transaction } from "@finlink/contracts";
import type { Page } from "@finlink/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../testing/backends";
import { type BffTestContext, createBffTestContext } from "../../testing/test-context";

describe.each(testBackends())("connecting through Link (%s)", (_name, backend) => {
  let ctx: BffTestContext;
  const logLines: string[] = [];
  beforeAll(async () => {
    ctx = await createBffTestContext({ backend, logLines });
  });
  afterAll(() => ctx?.close());

  it("starts Link with start-flow: the user as externalId, a state, the looks on the URL", async () => {
    const b = await ctx.signedIn("starter");
    const me = (await b.json<BffUser>("GET", "/api/me")).body;
    const started = await b.json<BffLinkUrl>("POST", "/api/link/start", {
      entity: "sandbox_bank",
      lang: "en",
      theme: "DARK",
    });
    expect(started.status).toBe(200);
    const url = new URL(started.body.url);
    expect(`${url.origin}${url.pathname}`).toBe(ctx.config.finlink.linkUrl);
    expect(url.searchParams.get("lang")).toBe("en");
    expect(url.searchParams.get("theme")).toBe("DARK");
    expect(ctx.finlinkCalls.map((c) => `${c.method} ${c.path}`)).toContain(
      "POST /api/v1/commands/connections/start-flow",
    );
    // What Link opens with: the demo app's redirect (this app's /link/callback), this user, a state.
    const redirect = await ctx.throughLink(started.body.url, { entity: "sandbox_bank", username: "user_good" });
    expect(redirect).toMatchObject({ operation: "CONNECT", entity: "sandbox_bank" });
    expect(redirect.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const pending = await ctx.services.finlink.api.pending({ externalId: me.id });
    expect(pending.map((p) => p.publicToken)).toEqual([redirect.publicToken]);
  });

  it("runs the whole flow: start → Link → exchange → PENDING … READY → accounts and transactions", async () => {
    const b = await ctx.signedIn("flow");
    const created = await ctx.connect(b, { entity: "sandbox_bank", username: "user_good" });
    expect(BffConnection.strict().parse(created)).toEqual(created);
    expect(created).toMatchObject({ entity: "sandbox_bank", entityName: expect.any(String), userAction: null });
    expect(["PENDING", "READY"]).toContain(created.status);

    const ready = await ctx.waitForStatus(b, created.id, ["READY"]);
    expect(ready.lastSync).not.toBeNull();
    const list = await b.json<BffConnection[]>("GET", "/api/connections");
    expect(list.body.map((c) => c.id)).toEqual([created.id]);

    const accounts = await b.json<{ id: string; iban: string | null }[]>(
      "GET",
      `/api/connections/${created.id}/accounts`,
    );
    expect(accounts.status).toBe(200);
    expect(accounts.body.length).toBeGreaterThan(0);
    const account = accounts.body[0] as { id: string };

    // Every page by cursor, a few rows at a time: no row twice, none skipped (Finlink's own walk), the walk ends.
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      pages++;
      const query: string = `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = await b.json<Page<Transaction>>(
        "GET",
        `/api/connections/${created.id}/accounts/${account.id}/transactions?${query}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((t) => t.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
    const token = await ctx.connectionTokenOf(created.id);
    const all: string[] = [];
    for await (const tx of ctx.services.finlink.api.accountTransactions.iterate(token, account.id)) all.push(tx.id);
    expect(seen).toEqual(all);

    // No answer, header or log line of the whole flow holds the connectionToken.
    expect(token).toMatch(/^con_/);
    expect(ctx.responses.length).toBeGreaterThan(5);
    const leaks = ctx.responses.filter((r) => JSON.stringify(r).includes(token));
    expect(leaks).toEqual([]);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((line) => line.includes(token))).toEqual([]);
    // Access-log lines name the route's pattern, not the request's path.
    const routes = logLines
      .map((line) => JSON.parse(line) as { msg: string; route?: string })
      .filter((l) => l.msg === "request");
    expect(routes.map((l) => l.route)).toContain("/api/connections/:id");
    expect(routes.map((l) => l.route)).toContain("/api/connections/:id/accounts/:accountId/transactions");
    expect(logLines.filter((line) => line.includes(created.id))).toEqual([]);
  });
});
