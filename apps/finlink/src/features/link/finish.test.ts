import type { Connection, FinishLinkResponse, LinkSession } from "@finlink/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections, linkSessions } from "../../db/schema";
import { sha256 } from "../../lib/crypto";
import { waitForStatus } from "../../testing/connect";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { createApp as createFinlinkApp } from "../apps/apps.service";
import { connectThroughLink, openLink, queryOf, signIn, submitCredentials } from "./link.testing";
import { sessionContext } from "./link-session";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const problemReason = async (res: Response, status: number) => {
  expect(res.status).toBe(status);
  return ((await res.json()) as { reason?: string }).reason;
};
/** Every column of every row of `table`, as text. */
const rowsAsText = async (table: "link_sessions" | "connections") =>
  (await ctx.services.database.sql.query<{ row: string }>(`select t::text as row from ${table} t`)).rows.map(
    (r) => r.row,
  );

describe("finishing a CONNECT flow", () => {
  it("redirects with the publicToken (also as token), which exchanges for a connection that gets READY", async () => {
    const { finish, apiToken, connectionToken } = await connectThroughLink(ctx, {
      entity: "sandbox_bank",
      username: "user_otp",
      state: "st-42",
    });
    expect(finish.redirectUrl.startsWith("https://app-a.example/callback?")).toBe(true);
    const query = queryOf(finish.redirectUrl);
    expect(query).toEqual({
      publicToken: finish.publicToken,
      token: finish.publicToken,
      operation: "CONNECT",
      entity: "sandbox_bank",
      state: "st-42",
    });
    const ready = await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);
    expect(ready).toMatchObject({
      entity: "sandbox_bank",
      twoFactorEnabled: true,
      hasCredentials: true,
    } satisfies Partial<Connection>);
  });

  it("carries the start token's externalId, and a failing extraction ends ERRORED", async () => {
    const apiToken = await ctx.login(ctx.appA);
    const started = await ctx.request("POST", "/api/v1/commands/connections/start-flow", {
      token: apiToken,
      body: { id: ctx.appA.redirects[0]?.id, product: "TRANSACTIONS", externalId: "user-7" },
    });
    const link = await openLink(ctx, { authToken: ((await started.json()) as { token: string }).token });
    expect((await signIn(link, "sandbox_bank", "user_extract_error")).status).toBe(200);
    const finish = (await (await link.call("POST", "session/finish")).json()) as FinishLinkResponse;
    expect(queryOf(finish.redirectUrl)).not.toHaveProperty("state");
    const exchanged = await ctx.request("POST", `/api/v1/commands/connections/exchange/${finish.publicToken}`, {
      token: apiToken,
    });
    const { connectionToken } = (await exchanged.json()) as { connectionToken: string };
    const errored = await waitForStatus(ctx, apiToken, connectionToken, ["ERRORED"]);
    expect(errored.externalId).toBe("user-7");
    expect(errored.errorDetails).not.toBeNull();
  });

  it("keeps the query the registered redirect URI already has", async () => {
    const app = await createFinlinkApp(ctx.services.database, {
      name: "Query",
      redirectUris: ["https://q.example/cb?src=finlink&state=registered"],
    });
    const link = await openLink(ctx, { id: app.redirects[0]?.id, state: "mine" });
    await signIn(link, "sandbox_bank", "user_good");
    const finish = (await (await link.call("POST", "session/finish")).json()) as FinishLinkResponse;
    expect(queryOf(finish.redirectUrl)).toMatchObject({ src: "finlink", state: "mine", operation: "CONNECT" });
  });

  it("needs a signed-in session, and happens once", async () => {
    const link = await openLink(ctx);
    expect(await problemReason(await link.call("POST", "session/finish"), 409)).toBe("NOT_AUTHENTICATED");
    await signIn(link, "sandbox_bank", "user_good");
    expect((await link.call("POST", "session/finish")).status).toBe(200);
    expect(await problemReason(await link.call("POST", "session/finish"), 409)).toBe("NOT_AUTHENTICATED");
    expect(await problemReason(await submitCredentials(link, "sandbox_bank", "user_good"), 409)).toBe("SESSION_DONE");
    expect(await problemReason(await link.call("POST", "session/exit", {}), 409)).toBe("SESSION_DONE");
  });
});

describe("finishing a RESTORE flow", () => {
  it("clears the restore token together with its expiry", async () => {
    const { apiToken, connectionToken, connectionId } = await connectThroughLink(ctx, {
      entity: "sandbox_bank",
      username: "user_good",
    });
    await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);
    const reset = await ctx.request("POST", `/api/v1/sandbox/connections/${connectionToken}/reset-login`, {
      token: apiToken,
    });
    const { restoreToken } = (await reset.json()) as { restoreToken: string };
    const rowOf = async () =>
      (await ctx.services.database.db.select().from(connections).where(eq(connections.id, connectionId)))[0];
    expect((await rowOf())?.restoreTokenExpiresAt).toBeInstanceOf(Date);
    const link = await openLink(ctx, { id: ctx.appA.redirects[0]?.id, restore_token: restoreToken });
    expect((await signIn(link, "sandbox_bank", "user_good")).status).toBe(200);
    expect((await link.call("POST", "session/finish")).status).toBe(200);
    expect(await rowOf()).toMatchObject({ restoreTokenHash: null, restoreTokenEnc: null, restoreTokenExpiresAt: null });
  });
});

describe("leaving Link", () => {
  it("redirects with error=USER_EXIT from any screen, and ends the session", async () => {
    const link = await openLink(ctx, { id: ctx.appA.redirects[1]?.id, state: "bye" });
    await submitCredentials(link, "sandbox_bank", "user_otp");
    const res = await link.call("POST", "session/exit", { reason: "USER_EXIT", screen: "MFA" });
    expect(res.status).toBe(200);
    const { redirectUrl } = (await res.json()) as { redirectUrl: string };
    expect(redirectUrl.startsWith("http://localhost:4020/link/callback?")).toBe(true);
    expect(queryOf(redirectUrl)).toEqual({ error: "USER_EXIT", operation: "CONNECT", state: "bye" });
    expect(((await (await link.call("GET", "session")).json()) as LinkSession).step).toBe("DONE");
    expect(await problemReason(await link.call("POST", "session/exit"), 409)).toBe("SESSION_DONE");
  });

  it("needs no body", async () => {
    const link = await openLink(ctx);
    const res = await link.call("POST", "session/exit");
    expect(res.status).toBe(200);
    expect(queryOf(((await res.json()) as { redirectUrl: string }).redirectUrl).error).toBe("USER_EXIT");
  });

  it("carries the error of the screen the user left from, a locked session's being the server's own", async () => {
    const exitWith = async (link: Awaited<ReturnType<typeof openLink>>, body: unknown) => {
      const res = await link.call("POST", "session/exit", body);
      expect(res.status).toBe(200);
      return queryOf(((await res.json()) as { redirectUrl: string }).redirectUrl).error;
    };
    const locked = await openLink(ctx);
    await submitCredentials(locked, "sandbox_bank", "user_locked");
    expect(await exitWith(locked, { reason: "ACCOUNT_LOCKED", screen: "ERROR" })).toBe("ACCOUNT_LOCKED");

    const guessed = await openLink(ctx);
    for (let i = 0; i < 5; i++) await submitCredentials(guessed, "sandbox_bank", "user_question", `bad${i}`);
    expect(await exitWith(guessed, { reason: "USER_EXIT" })).toBe("TOO_MANY_ATTEMPTS");

    // Only a locked session leaves as TOO_MANY_ATTEMPTS, whatever the widget says.
    expect(await exitWith(await openLink(ctx), { reason: "TOO_MANY_ATTEMPTS" })).toBe("USER_EXIT");

    const madeUp = await openLink(ctx);
    expect(await problemReason(await madeUp.call("POST", "session/exit", { reason: "HACKED" }), 400)).toBe(
      "VALIDATION_ERROR",
    );
  });
});

describe("credentials at rest", () => {
  it("are kept mid-flow only encrypted (decrypting to what was typed), and a finished session keeps none", async () => {
    const link = await openLink(ctx);
    await submitCredentials(link, "sandbox_bank", "user_good", "hunter2-typo");
    await submitCredentials(link, "sandbox_bank", "user_otp");
    const [session] = await ctx.services.database.db
      .select()
      .from(linkSessions)
      .where(eq(linkSessions.tokenHash, sha256(link.sessionToken)));
    const sealed = session?.credentialsEnc;
    if (!session || !sealed) throw new Error("the session waiting for MFA keeps no credentials");
    expect(ctx.services.cipher.decryptJson(sealed, sessionContext(session.id, "credentials"))).toEqual({
      username: "user_otp",
      password: "pass_good",
    });
    const midFlow = await rowsAsText("link_sessions");
    // The dump below sees that very row, so its check for clear passwords covers the stored credentials.
    expect(midFlow.filter((row) => row.includes(sealed))).toHaveLength(1);
    await signIn(link, "sandbox_bank", "user_otp");
    await link.call("POST", "session/finish");
    const rows = [...midFlow, ...(await rowsAsText("link_sessions")), ...(await rowsAsText("connections"))];
    for (const secret of ["pass_good", "hunter2-typo"]) expect(rows.filter((row) => row.includes(secret))).toEqual([]);
    const { rows: done } = await ctx.services.database.sql.query<{ kept: boolean }>(
      "select credentials_enc is not null or connector_state_enc is not null as kept from link_sessions where step = 'DONE'",
    );
    expect(done.length).toBeGreaterThan(0);
    expect(done.filter((row) => row.kept)).toEqual([]);
  });
});
