import type { CompleteRedirectResponse, FinishLinkResponse } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connector, ConnectorEntity } from "../../connectors/connector";
import { ConnectorRegistry } from "../../connectors/registry";
import { createSandboxConnector } from "../../connectors/sandbox";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { openLink } from "./link.testing";
import { beginAt, completeRedirect, startRedirect, withToken } from "./redirect.testing";

// An update or restore of a redirect connection must come back as the consent's user also when the bank asks a
// second factor after the redirect: the user is only known at the last step's `ok.state`, so `submitMfa` makes
// the same-user check `completeRedirect` makes on an immediate ok (found by the attacker helper, 3389aa8).

let ctx: TestContext;
const bankUser = { name: "stub-user" };

beforeAll(async () => {
  ctx = await createTestContext({ workers: false });
  ctx.services.connectors = new ConnectorRegistry([createSandboxConnector({ timeScale: 0 }), stubBank()]);
});
afterAll(() => ctx?.close());

function stubBank(): Connector {
  const [oauth] = createSandboxConnector()
    .entities()
    .filter((e) => e.id === "sandbox_bank_oauth");
  const entity: ConnectorEntity = { ...(oauth as ConnectorEntity), id: "stub_redirect", name: "Stub" };
  return {
    entities: () => [entity],
    login: async () => ({
      kind: "error",
      error: { reason: "INVALID_CREDENTIALS", type: "USER_ERROR", retryable: true },
    }),
    answer: async () => ({
      kind: "ok",
      twoFactor: false,
      state: { consentId: `c-${bankUser.name}`, user: bankUser.name },
    }),
    extract: async function* () {},
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

/** Through the stub bank: start, return with any code, answer the OTP; the completion and the MFA answer. */
async function throughBank(link: Awaited<ReturnType<typeof openLink>>) {
  const { authorizeUrl } = await startRedirect(link, "stub_redirect");
  const state = (await beginAt(ctx, authorizeUrl)).state;
  const completed = (await (
    await completeRedirect(ctx, `http://127.0.0.1:4010/link/return?code=x&state=${state}`)
  ).json()) as CompleteRedirectResponse;
  const resumed = withToken(link, ctx, completed.sessionToken);
  const answered = await resumed.call("POST", "session/mfa", {
    challengeId: "ch_stub",
    answer: { type: "OTP", code: "123456" },
  });
  return { resumed, answered };
}

describe("restoring a redirect connection whose bank asks a code after the redirect", () => {
  it("refuses another bank user (USERNAME_MISMATCH), as completeRedirect does without a code", async () => {
    bankUser.name = "stub-user";
    const first = await throughBank(await openLink(ctx));
    expect(first.answered.status).toBe(200);
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
    const restore = await openLink(ctx, { id: ctx.appA.redirects[0]?.id, restore_token: restoreToken });
    expect(restore.fixedUsername).toBe("stub-user");

    bankUser.name = "mallory";
    const { answered } = await throughBank(restore);
    expect(answered.status).toBe(400);
    expect(((await answered.json()) as { reason?: string }).reason).toBe("USERNAME_MISMATCH");
  });
});
