import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apps, connections } from "../../../db/schema";
import { testBackends } from "../../../testing/backends";
import { connectDirectly } from "../../../testing/connect";
import { createTestContext, type TestContext } from "../../../testing/test-context";
import { answer, type Receiver, startReceiver } from "../../../testing/webhook-receiver";
import { eventRow, fire } from "../../webhooks/webhook-fixtures.testing";
import { consoleApi } from "./console-api.testing";

const WAIT = { timeout: 20_000, interval: 50 };

describe.each(testBackends())(
  "the console's connection, webhook and entity operations (JSON) on %s",
  (_name, backend) => {
    let ctx: TestContext;
    let receiver: Receiver;
    let api: Awaited<ReturnType<typeof consoleApi>>;
    beforeAll(async () => {
      receiver = await startReceiver();
      ctx = await createTestContext({ backend, webhookUrl: receiver.url, webhookScheduleScale: 1000 });
      api = await consoleApi(ctx);
    });
    afterAll(async () => {
      await ctx.close();
      await receiver.close();
    });
    const appA = () => `/apps/${ctx.appA.clientId}`;

    it("lists an app's connections without a token, and deletes one of its own only", async () => {
      const good = await connectDirectly(ctx, {
        entity: "sandbox_bank",
        username: "user_good",
        externalId: "ext-json",
      });
      await ctx.services.database.db
        .update(connections)
        .set({ status: "ERROR", errorDetails: { reason: "INVALID_CREDENTIALS", type: "USER_ERROR", retryable: false } })
        .where(eq(connections.id, good.connectionId));
      const res = await api.call("GET", `${appA()}/connections`);
      const text = await res.text();
      for (const token of [good.connectionToken, good.publicToken, good.apiToken]) expect(text).not.toContain(token);
      const listed = JSON.parse(text).find((c: { id: string }) => c.id === good.connectionId);
      expect(listed).toEqual({
        id: good.connectionId,
        entityId: "sandbox_bank",
        externalId: "ext-json",
        status: "ERROR",
        errorDetails: { reason: "INVALID_CREDENTIALS", type: "USER_ERROR", retryable: false },
        createdAt: expect.any(String),
        lastSync: expect.toBeOneOf([null, expect.any(String)]),
      });
      const other = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_good", app: ctx.appB });
      await api.expectProblem(
        api.call("DELETE", `${appA()}/connections/${other.connectionId}`),
        404,
        "CONNECTION_NOT_FOUND",
      );
      const deleted = await api.call("DELETE", `${appA()}/connections/${good.connectionId}`);
      expect(deleted.status).toBe(204);
      expect(
        await ctx.services.database.db.select().from(connections).where(eq(connections.id, good.connectionId)),
      ).toEqual([]);
      await api.expectProblem(
        api.call("DELETE", `${appA()}/connections/${good.connectionId}`),
        404,
        "CONNECTION_NOT_FOUND",
      );
      await api.expectProblem(api.call("DELETE", `${appA()}/connections/not-a-uuid`), 400, "VALIDATION_ERROR");
    });

    it("lists events and attempts, replays a failed one that then arrives, recovers a disabled endpoint", async () => {
      receiver.behave(answer(500, "down"));
      const id = await fire(ctx);
      await expect.poll(async () => (await eventRow(ctx, id)).attempts, WAIT).toBeGreaterThanOrEqual(1);
      const page = await api.expectJson(api.call("GET", `${appA()}/webhooks?limit=1`), 200);
      expect(page.data).toHaveLength(1);
      expect(page.data[0].webhookId).toBe(id);
      expect(page.nextCursor === null || typeof page.nextCursor === "string").toBe(true);
      const attempts = await api.expectJson(api.call("GET", `${appA()}/webhooks/${id}/attempts`), 200);
      expect(attempts[0]).toMatchObject({ number: 1, statusCode: 500, response: "down" });
      await api.expectProblem(api.call("GET", `${appA()}/webhooks?limit=0`), 400, "VALIDATION_ERROR");
      await api.expectProblem(api.call("GET", `${appA()}/webhooks?cursor=garbage`), 400);
      const unknown = crypto.randomUUID();
      await api.expectProblem(api.call("GET", `${appA()}/webhooks/${unknown}/attempts`), 404, "WEBHOOK_NOT_FOUND");
      await api.expectProblem(api.call("POST", `${appA()}/webhooks/${unknown}/replay`), 404, "WEBHOOK_NOT_FOUND");
      // Another app's event is not found through this app.
      await api.expectProblem(
        api.call("GET", `/apps/${ctx.appB.clientId}/webhooks/${id}/attempts`),
        404,
        "WEBHOOK_NOT_FOUND",
      );

      receiver.behave(answer(200, "ok"));
      const replayed = await api.expectJson(api.call("POST", `${appA()}/webhooks/${id}/replay`), 202);
      expect(replayed).toMatchObject({ webhookId: id, delivery: { state: "PENDING" } });
      await expect.poll(async () => (await eventRow(ctx, id)).deliveryState, WAIT).toBe("DELIVERED");
      expect(receiver.bodies().some((b) => b.webhookId === id)).toBe(true);

      await ctx.services.database.db
        .update(apps)
        .set({ webhookState: "DISABLED" })
        .where(eq(apps.id, ctx.appA.clientId));
      expect(await api.expectJson(api.call("GET", `${appA()}/webhook-endpoint`), 200)).toMatchObject({
        state: "DISABLED",
      });
      await api.expectProblem(
        api.call("POST", `${appA()}/webhooks/recover`, { since: "yesterday" }),
        400,
        "VALIDATION_ERROR",
      );
      const recovered = await api.expectJson(
        api.call("POST", `${appA()}/webhooks/recover`, { since: "2026-01-01T00:00:00Z" }),
        202,
      );
      expect(recovered).toMatchObject({ replayed: expect.any(Number), endpoint: { state: "ACTIVE" } });
      expect(await api.expectJson(api.call("GET", `${appA()}/webhook-endpoint`), 200)).toMatchObject({
        state: "ACTIVE",
      });
    });

    it("answers each entity's status as Link shows it", async () => {
      const entities = await api.expectJson(api.call("GET", "/entities"), 200);
      const byId = new Map(entities.map((e: { id: string; status: string }) => [e.id, e]));
      expect(byId.get("sandbox_bank")).toMatchObject({ status: "AVAILABLE", name: expect.any(String) });
      expect(byId.get("sandbox_bank_down")).toMatchObject({ status: "UNAVAILABLE" });
      expect(Object.keys(entities[0]).sort()).toEqual(["id", "name", "products", "status"]);
    });
  },
);
