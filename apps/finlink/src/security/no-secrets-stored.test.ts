import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../testing/backends";
import { connectDirectly, waitForStatus } from "../testing/connect";
import { createTestContext, type TestContext } from "../testing/test-context";

describe.each(testBackends())("what the database keeps (%s)", (_name, backend) => {
  let ctx: TestContext;
  const logLines: string[] = [];
  beforeAll(async () => {
    ctx = await createTestContext({ backend, logLines });
  });
  afterAll(() => ctx.close());

  /** Every row of every table, ours and pg-boss's, as text. */
  async function dumpEverything(): Promise<string> {
    const { rows: tables } = await ctx.services.database.sql.query<{ name: string }>(
      `select quote_ident(table_schema) || '.' || quote_ident(table_name) as name
         from information_schema.tables
        where table_schema in ('public', 'pgboss', 'drizzle') and table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(10);
    let dump = "";
    for (const { name } of tables) {
      const { rows } = await ctx.services.database.sql.query<{ row: string }>(`select t::text as row from ${name} t`);
      dump += rows.map((r) => r.row).join("\n");
    }
    return dump;
  }

  it("holds no raw token, client secret or entity credential, nor do the logs", async () => {
    const password = "pass_good";
    const c = await connectDirectly(ctx, {
      entity: "sandbox_bank",
      username: "user_otp",
      password,
      twoFactor: true,
      externalId: "ext-1",
    });
    await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY"]);
    const refresh = await ctx.request("POST", `/api/v1/commands/connections/${c.connectionToken}/refresh`, {
      token: c.apiToken,
    });
    const { updateToken } = (await refresh.json()) as { updateToken: string };
    expect(updateToken).toMatch(/^upd_/);
    const dump = `${await dumpEverything()}\n${logLines.join("\n")}`;
    expect(logLines.some((line) => line.includes("/exchange/[redacted]"))).toBe(true);
    expect(dump).toContain(c.connectionId); // the dump does see the connection
    const secrets = {
      publicToken: c.publicToken,
      connectionToken: c.connectionToken,
      updateToken,
      apiToken: c.apiToken,
      clientSecretA: ctx.appA.clientSecret,
      clientSecretB: ctx.appB.clientSecret,
      password,
    };
    for (const [what, value] of Object.entries(secrets)) {
      expect(dump.includes(value), `${what} found in the database`).toBe(false);
      // Nor the token's random part without its prefix.
      const body = value.split("_").slice(1).join("_");
      if (body.length > 20) expect(dump.includes(body), `${what} body found`).toBe(false);
    }
  });
});
