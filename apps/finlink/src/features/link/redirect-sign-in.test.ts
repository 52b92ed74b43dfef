import type { CompleteRedirectResponse, FinishLinkResponse } from "@finlink/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkSessions } from "../../db/schema";
import { sha256 } from "../../lib/crypto";
import { testBackends } from "../../testing/backends";
import { waitForStatus } from "../../testing/connect";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { openLink, queryOf, submitCredentials } from "./link.testing";
import {
  answerAtBank,
  beginAt,
  completeRedirect,
  OAUTH_ENTITY,
  signInByRedirect,
  startRedirect,
  withToken,
} from "./redirect.testing";

// On PGlite and, with DATABASE_URL, on PostgreSQL: the state's consumption and the token's rotation are SQL.
let ctx: TestContext;

const problem = async (res: Response, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toContain("application/problem+json");
  return (await res.json()) as { reason?: string; step?: string };
};

/** Exchanges a finished session's publicToken: the connection's token. */
async function exchange(finish: FinishLinkResponse) {
  const apiToken = await ctx.login(ctx.appA);
  const res = await ctx.request("POST", `/api/v1/commands/connections/exchange/${finish.publicToken}`, {
    token: apiToken,
  });
  expect(res.status).toBe(200);
  const { connectionToken } = (await res.json()) as { connectionToken: string };
  return { apiToken, connectionToken };
}

const accountsOf = async (apiToken: string, connectionToken: string) => {
  const res = await ctx.request("GET", `/api/v1/queries/connections/${connectionToken}/accounts`, { token: apiToken });
  expect(res.status).toBe(200);
  return (await res.json()) as { iban: string | null; balance: string }[];
};

describe.each(testBackends())("signing in on the bank's own page (%s)", (_name, backend) => {
  beforeAll(async () => {
    ctx = await createTestContext({ backend });
  });
  afterAll(() => ctx?.close());

  it("start → the bank's page → approve → complete → finish: a connection that extracts READY, the same data each time", async () => {
    const { completed, resumed, back } = await signInByRedirect(ctx, {
      body: { id: ctx.appA.redirects[0]?.id, state: "s1" },
    });
    expect(new URL(back).origin + new URL(back).pathname).toBe("http://127.0.0.1:4010/link/return");
    expect(completed).toMatchObject({
      step: "AUTHENTICATED",
      result: { step: "AUTHENTICATED" },
      operation: "CONNECT",
      entity: { id: OAUTH_ENTITY, signIn: "REDIRECT", credentialFields: [] },
    });
    const finished = await resumed.call("POST", "session/finish");
    expect(finished.status).toBe(200);
    const finish = (await finished.json()) as FinishLinkResponse;
    expect(queryOf(finish.redirectUrl)).toMatchObject({ operation: "CONNECT", entity: OAUTH_ENTITY, state: "s1" });
    const { apiToken, connectionToken } = await exchange(finish);
    const ready = await waitForStatus(ctx, apiToken, connectionToken, ["READY", "ERRORED"]);
    expect(ready).toMatchObject({ status: "READY", entity: OAUTH_ENTITY, twoFactorEnabled: false });
    const accounts = await accountsOf(apiToken, connectionToken);
    expect(accounts.length).toBeGreaterThan(0);

    // The same user through the bank again: the same accounts (the sandbox's data follows entity + user).
    const again = await signInByRedirect(ctx);
    const second = await exchange(
      (await (await again.resumed.call("POST", "session/finish")).json()) as FinishLinkResponse,
    );
    await waitForStatus(ctx, second.apiToken, second.connectionToken, ["READY"]);
    const same = (rows: { iban: string | null; balance: string }[]) =>
      rows.map(({ iban, balance }) => `${iban} ${balance}`).sort();
    expect(same(await accountsOf(second.apiToken, second.connectionToken))).toEqual(same(accounts));
  });

  it("denied at the bank: DENIED, the session may only exit, exit USER_DENIED reaches the app's redirect", async () => {
    const link = await openLink(ctx, { id: ctx.appA.redirects[0]?.id, state: "s2" });
    const { authorizeUrl } = await startRedirect(link);
    const back = await answerAtBank(ctx, authorizeUrl, { action: "deny" });
    expect(queryOf(back)).toMatchObject({ error: "access_denied" });
    expect(queryOf(back).code).toBeUndefined();
    const res = await completeRedirect(ctx, back);
    expect(res.status).toBe(200);
    const completed = (await res.json()) as CompleteRedirectResponse;
    expect(completed.result).toEqual({ step: "DENIED" });
    expect(completed.step).toBe("ENTITY");
    const resumed = withToken(link, ctx, completed.sessionToken);
    expect((await problem(await resumed.call("POST", "session/finish"), 409)).reason).toBe("SIGN_IN_DENIED");
    // Refused is the user's last word: the session signs in no further, it only exits.
    expect((await problem(await resumed.call("POST", "session/redirect", { entity: OAUTH_ENTITY }), 409)).reason).toBe(
      "SIGN_IN_DENIED",
    );
    const form = await resumed.call("POST", "session/credentials", {
      entity: "sandbox_bank",
      credentials: { username: "user_good", password: "pass_good" },
    });
    expect((await problem(form, 409)).reason).toBe("SIGN_IN_DENIED");
    const exited = await resumed.call("POST", "session/exit", { reason: "USER_DENIED", screen: "REDIRECT" });
    expect(exited.status).toBe(200);
    const { redirectUrl } = (await exited.json()) as { redirectUrl: string };
    expect(queryOf(redirectUrl)).toMatchObject({ error: "USER_DENIED", operation: "CONNECT", state: "s2" });
  });

  it("keeps nothing of an earlier sign-in after a refusal: finish cannot connect it, the exit says USER_DENIED", async () => {
    // Half-way through a form bank's sign-in (its code pending), then off to the redirect bank, where the user
    // refuses. (Once signed in, no redirect starts: 409 ALREADY_AUTHENTICATED, see redirect-denial.test.ts.)
    const link = await openLink(ctx);
    expect((await submitCredentials(link, "sandbox_bank", "user_otp")).status).toBe(200);
    const { authorizeUrl } = await startRedirect(link);
    const res = await completeRedirect(ctx, await answerAtBank(ctx, authorizeUrl, { action: "deny" }));
    const denied = (await res.json()) as CompleteRedirectResponse;
    expect([denied.result.step, denied.step]).toEqual(["DENIED", "ENTITY"]);
    // Not even encrypted: the form bank's password and any challenge are gone from the row.
    const [row] = await ctx.services.database.db
      .select()
      .from(linkSessions)
      .where(eq(linkSessions.tokenHash, sha256(denied.sessionToken)));
    expect(row).toMatchObject({ credentialsEnc: null, connectorStateEnc: null, step: "ENTITY" });
    const resumed = withToken(link, ctx, denied.sessionToken);
    expect(await (await resumed.call("GET", "session")).json()).toMatchObject({ step: "ENTITY", challenge: null });
    expect((await problem(await resumed.call("POST", "session/finish"), 409)).reason).toBe("SIGN_IN_DENIED");
    // Whatever the widget names as the reason, a refusal at the bank is what the app hears.
    const exited = (await (await resumed.call("POST", "session/exit", { reason: "USER_EXIT" })).json()) as {
      redirectUrl: string;
    };
    expect(queryOf(exited.redirectUrl).error).toBe("USER_DENIED");
  });

  it("gives whoever forges a denial with the state alone nothing (404), and a denial itself only an exit", async () => {
    // Anyone with the bank's URL can press Deny there: the state alone completes nothing (redirect-binding.test.ts)…
    const link = await openLink(ctx);
    const { state } = await beginAt(ctx, (await startRedirect(link)).authorizeUrl);
    const forgedUrl = `http://127.0.0.1:4010/link/return?error=access_denied&state=${state}`;
    expect((await problem(await completeRedirect(ctx, forgedUrl, { Cookie: "" }), 404)).reason).toBe(
      "REDIRECT_STATE_UNKNOWN",
    );
    // …and even from the browser that began it, a denial hands out nothing more than an exit.
    const forged = await completeRedirect(ctx, forgedUrl);
    const { sessionToken } = (await forged.json()) as CompleteRedirectResponse;
    const mallory = withToken(link, ctx, sessionToken);
    for (const [path, body] of [
      ["session/redirect", { entity: OAUTH_ENTITY }],
      [
        "session/credentials",
        { entity: "sandbox_bank", credentials: { username: "user_good", password: "pass_good" } },
      ],
    ] as const) {
      expect((await problem(await mallory.call("POST", path, body), 409)).reason, path).toBe("SIGN_IN_DENIED");
    }
    expect((await problem(await mallory.call("POST", "session/finish"), 409)).reason).toBe("SIGN_IN_DENIED");
  });

  it("rotates the session token on completion: the token before stops working, the fresh one reads the session", async () => {
    const { link, resumed, completed } = await signInByRedirect(ctx);
    expect(completed.sessionToken).not.toBe(link.sessionToken);
    expect(completed.sessionToken).toMatch(/^lks_/);
    expect((await problem(await link.call("GET", "session"), 401)).reason).toBe("SESSION_EXPIRED");
    expect((await problem(await link.call("POST", "session/finish"), 401)).reason).toBe("SESSION_EXPIRED");
    const read = await resumed.call("GET", "session");
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ step: "AUTHENTICATED", entity: { id: OAUTH_ENTITY } });
  });
});
