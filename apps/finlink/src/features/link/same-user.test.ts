import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connector } from "../../connectors/connector";
import { ConnectorRegistry } from "../../connectors/registry";
import { createSandboxConnector } from "../../connectors/sandbox";
import { waitForStatus } from "../../testing/connect";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { connectThroughLink, openLink, signIn } from "./link.testing";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

/** The sandbox, with `entityId`'s sign-in form cut down to its password field: no field names the user. */
function withPasswordOnlyForm(entityId: string): ConnectorRegistry {
  const sandbox = createSandboxConnector({ timeScale: ctx.config.sandbox.timeScale });
  const passwordOnly: Connector = {
    ...sandbox,
    entities: () =>
      sandbox
        .entities()
        .map((entity) =>
          entity.id === entityId
            ? { ...entity, credentialFields: entity.credentialFields.filter((field) => field.type === "password") }
            : entity,
        ),
  };
  return new ConnectorRegistry([passwordOnly]);
}

describe("an UPDATE session fixed to a user, at an entity whose form no longer has an identity field", () => {
  it("refuses the password-only credentials with 400 USERNAME_MISMATCH (nothing shows they are the same user)", async () => {
    const { apiToken, connectionToken } = await connectThroughLink(ctx, {
      entity: "sandbox_bank",
      username: "user_otp",
    });
    await waitForStatus(ctx, apiToken, connectionToken, ["READY"]);
    const refresh = await ctx.request("POST", `/api/v1/commands/connections/${connectionToken}/refresh`, {
      token: apiToken,
    });
    expect(refresh.status).toBe(409);
    const { updateToken } = (await refresh.json()) as { updateToken: string };
    const link = await openLink(ctx, { id: ctx.appA.redirects[0]?.id, update_token: updateToken });
    expect(link).toMatchObject({ operation: "UPDATE", fixedUsername: "user_otp" });

    // The entity's form changes while the session is open (a connector deployed meanwhile).
    const original = ctx.services.connectors;
    ctx.services.connectors = withPasswordOnlyForm("sandbox_bank");
    try {
      const found = ctx.services.connectors.find("sandbox_bank");
      expect(found?.entity.credentialFields.map((field) => field.type)).toEqual(["password"]);
      const res = await link.call("POST", "session/credentials", {
        entity: "sandbox_bank",
        credentials: { password: "pass_good" },
      });
      expect([res.status, ((await res.json()) as { reason?: string }).reason]).toEqual([400, "USERNAME_MISMATCH"]);
    } finally {
      ctx.services.connectors = original;
    }
    // The refusal was the form's doing: with the identity field back, the same session signs its user in.
    expect((await signIn(link, "sandbox_bank", "user_otp")).status).toBe(200);
  });
});
