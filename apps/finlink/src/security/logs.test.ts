import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { testBackends } from "../testing/backends";
import { connectDirectly } from "../testing/connect";
import { createTestContext, type TestContext } from "../testing/test-context";

describe.each(testBackends())("what the logs keep (%s)", (_name, backend) => {
  let ctx: TestContext;
  const logLines: string[] = [];
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false, logLines });
  });
  afterAll(() => ctx.close());

  const linesOf = (requestId: string | null) => logLines.filter((line) => requestId && line.includes(requestId));

  it("logs a failed query's error without its parameters, its SQL or the values PostgreSQL quotes", async () => {
    const secret = `pub_${"s3cr3t".repeat(6)}`;
    // A real database error, with a secret as its parameter, where a handler would meet one.
    const spy = vi
      .spyOn(ctx.services.keys, "webhookJwk")
      .mockImplementation(() => ctx.services.database.db.execute(sql`select ${secret}::int`) as never);
    try {
      const res = await ctx.request("GET", "/api/v1/webhook_verification/some-key");
      expect(res.status).toBe(500);
      const lines = linesOf(res.headers.get("x-request-id"));
      const error = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === "unhandled error");
      expect(error?.error).toMatchObject({ type: "DrizzleQueryError", cause: { code: "22P02" } });
      expect(lines.length).toBe(2); // the error and the access line
      for (const line of lines) {
        expect(line).not.toContain(secret);
        expect(line).not.toContain("s3cr3t");
        expect(line).not.toContain("::int");
      }
    } finally {
      spy.mockRestore();
    }
  });

  it("logs the route's pattern, never a token in the path, however the path is spelled", async () => {
    const { connectionToken, apiToken } = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_good" });
    const tokenBody = connectionToken.slice(4);
    const paths = [
      `/api/v1/queries/connections//${connectionToken}`,
      `/api/v1/queries/connections%2F${connectionToken}`,
      `/api/v1/queries/connections/${connectionToken}`,
      `/api/v1/queries/connections/${connectionToken}/accounts`,
      `/api/v1/queries/connections/${encodeURIComponent(connectionToken)}%2Faccounts`,
      `/api/v1/commands/connections/exchange/${connectionToken}`,
      `/api/v1/sandbox/connections/${connectionToken}/reset-login/`,
      `/api/v1/unknown/${connectionToken}`,
      `/link?authToken=${connectionToken}&update_token=${connectionToken}`,
    ];
    const routes: string[] = [];
    for (const path of paths) {
      const res = await ctx.request("GET", path, { token: apiToken });
      const lines = linesOf(res.headers.get("x-request-id"));
      expect(lines, path).toHaveLength(1);
      for (const line of lines) expect(line, path).not.toContain(tokenBody);
      // Nor does a 404's answer echo the path (the status itself answers the token, as credentialsToken).
      if (res.status === 404) expect(await res.text(), path).not.toContain(tokenBody);
      routes.push(JSON.parse(lines[0] ?? "{}").route);
    }
    expect(routes[2]).toBe("/api/v1/queries/connections/{connectionToken}");
    expect(routes[3]).toBe("/api/v1/queries/connections/{connectionToken}/accounts");
    expect(routes.every((route) => typeof route === "string" && route.startsWith("/"))).toBe(true);
    expect(logLines.join("\n")).not.toContain(tokenBody);
  });
});
