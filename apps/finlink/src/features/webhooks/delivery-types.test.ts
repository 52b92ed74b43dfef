import type { WebhookPayload } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../testing/backends";
import { connectDirectly, waitForStatus } from "../../testing/connect";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { type Receiver, startReceiver } from "../../testing/webhook-receiver";
import { until } from "./webhook-fixtures.testing";

describe.each(testBackends())(
  "every webhook type reaches the receiver when its change commits, on %s",
  (_n, backend) => {
    let ctx: TestContext;
    let receiver: Receiver;
    beforeAll(async () => {
      receiver = await startReceiver();
      ctx = await createTestContext({ backend, webhookUrl: receiver.url, webhookScheduleScale: 0.001 });
    });
    afterAll(async () => {
      await ctx.close();
      await receiver.close();
    });

    const typesFor = (connectionId: string) =>
      (receiver.bodies() as WebhookPayload[])
        .filter((b) => b.connectionId === connectionId)
        .map((b) => [b.type, b.status]);
    const arrived = (connectionId: string, count: number) =>
      until(`${count} webhooks`, async () => typesFor(connectionId).length >= count);

    it("READY, UPDATED, RESTORE_TOKEN_GENERATED and DELETED for one connection, in its order", async () => {
      const c = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_good" });
      await arrived(c.connectionId, 1);
      expect(typesFor(c.connectionId)).toEqual([["CONNECTION_READY", "READY"]]);
      const post = (path: string) => ctx.request("POST", path, { token: c.apiToken });
      expect((await post(`/api/v1/commands/connections/${c.connectionToken}/refresh`)).status).toBe(202);
      await arrived(c.connectionId, 2);
      await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY"]);
      expect((await post(`/api/v1/sandbox/connections/${c.connectionToken}/reset-login`)).status).toBe(200);
      await arrived(c.connectionId, 3);
      const deleted = await ctx.request("DELETE", `/api/v1/commands/connections/${c.connectionToken}`, {
        token: c.apiToken,
      });
      expect(deleted.status).toBe(200);
      await arrived(c.connectionId, 4);
      expect(typesFor(c.connectionId)).toEqual([
        ["CONNECTION_READY", "READY"],
        ["CONNECTION_UPDATED", "READY"],
        ["RESTORE_TOKEN_GENERATED", "UPDATE_ERROR"],
        ["CONNECTION_DELETED", "DELETED"],
      ]);
    });

    it("ERRORED, UPDATE_ERROR and UPDATE_TOKEN_GENERATED", async () => {
      const errored = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_extract_error" });
      const updateError = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_update_error" });
      const mfa = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_good", twoFactor: true });
      await arrived(errored.connectionId, 1);
      expect(typesFor(errored.connectionId)).toEqual([["CONNECTION_ERRORED", "ERRORED"]]);

      await arrived(updateError.connectionId, 1);
      await ctx.request("POST", `/api/v1/commands/connections/${updateError.connectionToken}/refresh`, {
        token: updateError.apiToken,
      });
      await arrived(updateError.connectionId, 2);
      expect(typesFor(updateError.connectionId)).toEqual([
        ["CONNECTION_READY", "READY"],
        ["CONNECTION_UPDATE_ERROR", "UPDATE_ERROR"],
      ]);

      await arrived(mfa.connectionId, 1);
      const refresh = await ctx.request("POST", `/api/v1/commands/connections/${mfa.connectionToken}/refresh`, {
        token: mfa.apiToken,
      });
      expect(refresh.status).toBe(409);
      await arrived(mfa.connectionId, 2);
      expect(typesFor(mfa.connectionId)).toEqual([
        ["CONNECTION_READY", "READY"],
        ["UPDATE_TOKEN_GENERATED", "READY"],
      ]);
    });
  },
);
