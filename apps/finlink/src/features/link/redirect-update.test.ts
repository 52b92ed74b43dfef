import type { CompleteRedirectResponse, FinishLinkResponse } from "@finlink/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connector, ConnectorEntity, Credentials } from "../../connectors/connector";
import { ConnectorRegistry } from "../../connectors/registry";
import { createSandboxConnector } from "../../connectors/sandbox";
import { connections } from "../../db/schema";
import { waitForStatus } from "../../testing/connect";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { credentialsContext } from "../connections/connection-view";
import { openLink, queryOf } from "./link.testing";
import {
  answerAtBank,
  beginAt,
  completeRedirect,
  OAUTH_ENTITY,
  signInByRedirect,
  startRedirect,
  withToken,
} from "./redirect.testing";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const problem = async (res: Response, status: number) => {
  expect(res.status).toBe(status);
  return (await res.json()) as { reason?: string; step?: string };
};
const storedCredentials = async (connectionId: string) => {
  const [row] = await ctx.services.database.db.select().from(connections).where(eq(connections.id, connectionId));
  return ctx.services.cipher.decryptJson<Credentials>(row?.credentialsEnc ?? "", credentialsContext(connectionId));
};

/** A READY connection made through the bank's page as `username`. */
async function connected(username = "user_good") {
  const { resumed } = await signInByRedirect(ctx, { username });
  const finish = (await (await resumed.call("POST", "session/finish")).json()) as FinishLinkResponse;
  const apiToken = await ctx.login(ctx.appA);
  const exchanged = await ctx.request("POST", `/api/v1/commands/connections/exchange/${finish.publicToken}`, {
    token: apiToken,
  });
  const { connectionToken, connectionId } = (await exchanged.json()) as {
    connectionToken: string;
    connectionId: string;
  };
  await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);
  return { apiToken, connectionToken, connectionId };
}

describe("restoring a redirect connection", () => {
  it("goes through the bank's page again, as the same user only, and stores the new consent", async () => {
    const { apiToken, connectionToken, connectionId } = await connected();
    const before = await storedCredentials(connectionId);
    const reset = await ctx.request("POST", `/api/v1/sandbox/connections/${connectionToken}/reset-login`, {
      token: apiToken,
    });
    const { restoreToken } = (await reset.json()) as { restoreToken: string };
    const link = await openLink(ctx, { id: ctx.appA.redirects[0]?.id, restore_token: restoreToken });
    expect(link).toMatchObject({ operation: "UPDATE", entity: { id: OAUTH_ENTITY }, fixedUsername: "user_good" });
    // No form to fill: the credentials step refuses, the redirect is the way.
    const form = await link.call("POST", "session/credentials", { entity: OAUTH_ENTITY, credentials: {} });
    expect((await problem(form, 400)).reason).toBe("REDIRECT_ENTITY");

    const asOther = await answerAtBank(ctx, (await startRedirect(link)).authorizeUrl, {
      action: "approve",
      username: "user_otp",
    });
    expect((await problem(await completeRedirect(ctx, asOther), 400)).reason).toBe("USERNAME_MISMATCH");

    const asSelf = await answerAtBank(ctx, (await startRedirect(link)).authorizeUrl, { action: "approve" });
    const completed = (await (await completeRedirect(ctx, asSelf)).json()) as CompleteRedirectResponse;
    expect(completed.result).toEqual({ step: "AUTHENTICATED" });
    const finished = await withToken(link, ctx, completed.sessionToken).call("POST", "session/finish");
    expect(finished.status).toBe(200);
    const { redirectUrl } = (await finished.json()) as FinishLinkResponse;
    expect(queryOf(redirectUrl)).toMatchObject({ operation: "UPDATE", token: restoreToken, entity: OAUTH_ENTITY });
    const ready = await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);
    expect(ready.restoreToken).toBeNull();
    const after = await storedCredentials(connectionId);
    expect(after.user).toBe("user_good");
    expect(after.consentId).not.toBe(before.consentId);
  });
});

/** A redirect connector of another kind: its bank may be down, and asks a code after the redirect. */
function stubBank(health: { down: boolean }, bankUser = { name: "stub-user" }): Connector {
  const [sandboxOauth] = createSandboxConnector()
    .entities()
    .filter((e) => e.id === OAUTH_ENTITY);
  const entity: ConnectorEntity = { ...(sandboxOauth as ConnectorEntity), id: "stub_redirect", name: "Stub" };
  return {
    entities: () => [entity],
    login: async () => ({
      kind: "error",
      error: { reason: "INVALID_CREDENTIALS", type: "USER_ERROR", retryable: true },
    }),
    answer: async ({ answer }) =>
      answer.type === "OTP" && answer.code === "654321"
        ? { kind: "ok", twoFactor: false, state: { consentId: `consent-${bankUser.name}`, user: bankUser.name } }
        : { kind: "error", error: { reason: "INVALID_MFA", type: "USER_ERROR", retryable: true }, state: {} },
    extract: async function* () {},
    status: async () => (health.down ? { status: "UNAVAILABLE", statusReason: "OUTAGE" } : { status: "AVAILABLE" }),
    beginRedirect: async ({ state }) => ({
      kind: "redirect",
      authorizeUrl: `https://bank.example/authorize?state=${state}`,
    }),
    completeRedirect: async () => ({
      kind: "challenge",
      challenge: {
        id: "ch_stub",
        type: "OTP",
        length: 6,
        sentTo: null,
        attemptsLeft: null,
        canResend: false,
        alternatives: [],
      },
      state: { pending: true },
    }),
  };
}

describe("a redirect connector of another bank", () => {
  it("refuses to start while the bank is down, and goes on to MFA when the bank asks a code after the redirect", async () => {
    const health = { down: true };
    const original = ctx.services.connectors;
    ctx.services.connectors = new ConnectorRegistry([createSandboxConnector({ timeScale: 0 }), stubBank(health)]);
    try {
      const link = await openLink(ctx);
      const down = await problem(await link.call("POST", "session/redirect", { entity: "stub_redirect" }), 503);
      expect(down.reason).toBe("ENTITY_UNAVAILABLE");
      health.down = false;
      const { authorizeUrl } = await startRedirect(link, "stub_redirect");
      const state = (await beginAt(ctx, authorizeUrl)).state;
      const back = `http://127.0.0.1:4010/link/return?code=anything&state=${state}`;
      const completed = (await (await completeRedirect(ctx, back)).json()) as CompleteRedirectResponse;
      expect(completed).toMatchObject({
        step: "MFA",
        result: { step: "MFA", challenge: { id: "ch_stub", type: "OTP" } },
      });
      const resumed = withToken(link, ctx, completed.sessionToken);
      const answered = await resumed.call("POST", "session/mfa", {
        challengeId: "ch_stub",
        answer: { type: "OTP", code: "654321" },
      });
      expect(await answered.json()).toEqual({ step: "AUTHENTICATED" });
      const finish = (await (await resumed.call("POST", "session/finish")).json()) as FinishLinkResponse;
      const [row] = await ctx.services.database.db
        .select({ id: connections.id })
        .from(connections)
        .where(eq(connections.entityId, "stub_redirect"));
      expect(finish.entity).toBe("stub_redirect");
      // What the connector's last step answered is what the connection keeps: the consent, for its extractions.
      expect(await storedCredentials(row?.id ?? "")).toEqual({ consentId: "consent-stub-user", user: "stub-user" });
    } finally {
      ctx.services.connectors = original;
    }
  });
});

describe("restoring a redirect connection whose bank asks a code after the redirect", () => {
  it("refuses another bank user at the code (USERNAME_MISMATCH), as the redirect's end does", async () => {
    const bankUser = { name: "stub-user" };
    const original = ctx.services.connectors;
    ctx.services.connectors = new ConnectorRegistry([
      createSandboxConnector({ timeScale: 0 }),
      stubBank({ down: false }, bankUser),
    ]);
    const throughBank = async (link: Awaited<ReturnType<typeof openLink>>) => {
      const { state } = await beginAt(ctx, (await startRedirect(link, "stub_redirect")).authorizeUrl);
      const res = await completeRedirect(ctx, `http://127.0.0.1:4010/link/return?code=x&state=${state}`);
      const resumed = withToken(link, ctx, ((await res.json()) as CompleteRedirectResponse).sessionToken);
      const answer = { challengeId: "ch_stub", answer: { type: "OTP", code: "654321" } };
      return { resumed, answered: await resumed.call("POST", "session/mfa", answer) };
    };
    try {
      const first = await throughBank(await openLink(ctx));
      const finish = (await (await first.resumed.call("POST", "session/finish")).json()) as FinishLinkResponse;
      const apiToken = await ctx.login(ctx.appA);
      const exchanged = await ctx.request("POST", `/api/v1/commands/connections/exchange/${finish.publicToken}`, {
        token: apiToken,
      });
      const { connectionToken } = (await exchanged.json()) as { connectionToken: string };
      const reset = await ctx.request("POST", `/api/v1/sandbox/connections/${connectionToken}/reset-login`, {
        token: apiToken,
      });
      const { restoreToken } = (await reset.json()) as { restoreToken: string };
      const restore = () => openLink(ctx, { id: ctx.appA.redirects[0]?.id, restore_token: restoreToken });

      bankUser.name = "mallory";
      const other = await throughBank(await restore());
      expect(await problem(other.answered, 400)).toMatchObject({ reason: "USERNAME_MISMATCH" });
      // Nothing of mallory's consent stays to finish with.
      expect((await problem(await other.resumed.call("POST", "session/finish"), 409)).reason).toBe("NOT_AUTHENTICATED");

      bankUser.name = "stub-user";
      const same = await throughBank(await restore());
      expect(await same.answered.json()).toEqual({ step: "AUTHENTICATED" });
    } finally {
      ctx.services.connectors = original;
    }
  });
});
