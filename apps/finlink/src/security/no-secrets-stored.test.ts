import type { FinishLinkResponse } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectThroughLink, openLink, signIn } from "../features/link/link.testing";
import { testBackends } from "../testing/backends";
import { waitForStatus } from "../testing/connect";
import { createTestContext, type TestContext } from "../testing/test-context";

const PASSWORD = "pass_good";
const OTP = "123456";

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

  /** Every flow that handles a secret: Link (connect with MFA, then update), the API, the sandbox. */
  async function runEveryFlow() {
    const connect = await connectThroughLink(ctx, { entity: "sandbox_bank", username: "user_otp" });
    const { apiToken, connectionToken } = connect;
    await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);
    const refresh = await ctx.request("POST", `/api/v1/commands/connections/${connectionToken}/refresh`, {
      token: apiToken,
    });
    expect(refresh.status).toBe(409);
    const { updateToken } = (await refresh.json()) as { updateToken: string };
    expect(updateToken).toMatch(/^upd_/);
    const update = await openLink(ctx, { id: ctx.appA.redirects[0]?.id, update_token: updateToken });
    expect((await signIn(update, "sandbox_bank", "user_otp")).status).toBe(200);
    const updated = await update.call("POST", "session/finish");
    expect(((await updated.json()) as FinishLinkResponse).operation).toBe("UPDATE");
    await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);

    const sandbox = await ctx.request("POST", "/api/v1/sandbox/public-token", {
      token: apiToken,
      body: { entity: "sandbox_bank", username: "user_good", externalId: "ext-1" },
    });
    const { publicToken: sandboxPublicToken } = (await sandbox.json()) as { publicToken: string };
    const exchange = await ctx.request("POST", `/api/v1/commands/connections/exchange/${sandboxPublicToken}`, {
      token: apiToken,
    });
    const { connectionToken: sandboxConnectionToken } = (await exchange.json()) as { connectionToken: string };
    const reset = await ctx.request("POST", `/api/v1/sandbox/connections/${sandboxConnectionToken}/reset-login`, {
      token: apiToken,
    });
    const { restoreToken } = (await reset.json()) as { restoreToken: string };
    expect(restoreToken).toMatch(/^rst_/);
    const secrets = {
      linkSessionToken: connect.link.sessionToken,
      updateSessionToken: update.sessionToken,
      publicToken: connect.finish.publicToken ?? "",
      connectionToken,
      updateToken,
      sandboxPublicToken,
      sandboxConnectionToken,
      restoreToken,
      apiToken,
      clientSecretA: ctx.appA.clientSecret,
      clientSecretB: ctx.appB.clientSecret,
      password: PASSWORD,
    };
    return { secrets, connectionId: connect.connectionId };
  }

  it("holds no raw token, session token, client secret, password or MFA answer, nor do the logs", async () => {
    const { secrets, connectionId } = await runEveryFlow();
    const dump = `${await dumpEverything()}\n${logLines.join("\n")}`;
    expect(dump).toContain(connectionId); // the dump does see the flows' rows
    expect(logLines.some((line) => line.includes("/api/v1/link/session/mfa"))).toBe(true);
    expect(Object.values(secrets).every((value) => value.length >= 9)).toBe(true);
    for (const [what, value] of Object.entries(secrets)) {
      expect(dump.includes(value), `${what} found`).toBe(false);
      // Nor the token's random part without its prefix.
      const body = value.split("_").slice(1).join("_");
      if (body.length > 20) expect(dump.includes(body), `${what} body found`).toBe(false);
    }
    // Six digits appear in timestamps by chance: look for the code standing alone, timestamps taken out.
    const withoutTimestamps = dump.replace(/\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d(:\d\d)?)?/g, "");
    expect(withoutTimestamps).not.toMatch(new RegExp(`(?<![0-9A-Za-z])${OTP}(?![0-9A-Za-z])`));
  });
});
