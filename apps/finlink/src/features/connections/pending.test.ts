import type { FinishLinkResponse, PendingPublicToken } from "@finlink/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections } from "../../db/schema";
import { testBackends } from "../../testing/backends";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { openLink, signIn } from "../link/link.testing";
import { publicTokenContext } from "./connection-view";
import { createConnection } from "./connections.service";

describe.each(testBackends())("pending publicTokens on %s", (_name, backend) => {
  let ctx: TestContext;
  let clock = new Date();
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false, now: () => clock });
  });
  afterAll(() => ctx.close());

  const uniqueExternalId = () => `pending-${crypto.randomUUID()}`;
  const newConnection = (externalId: string) =>
    ctx.services.database.transaction((tx, sql) =>
      createConnection(ctx.services, tx, sql, {
        appId: ctx.appA.clientId,
        entityId: "sandbox_bank",
        externalId,
        credentials: { username: "user_good", password: "pass_good" },
        twoFactor: false,
      }),
    );
  const pending = async (externalId: string, token?: string) => {
    const res = await ctx.request("GET", `/api/v1/queries/connections/pending?externalId=${externalId}`, {
      token: token ?? (await ctx.login(ctx.appA, ["read"])),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as PendingPublicToken[];
  };
  const exchange = async (publicToken: string) =>
    ctx.request("POST", `/api/v1/commands/connections/exchange/${publicToken}`, { token: await ctx.login() });
  const rowOf = async (id: string) =>
    (await ctx.services.database.db.select().from(connections).where(eq(connections.id, id)))[0];

  it("lists the very publicToken of the redirect, which still exchanges after the listing", async () => {
    clock = new Date();
    const externalId = uniqueExternalId();
    const link = await openLink(ctx, { id: ctx.appA.redirects[0]?.id, external_id: externalId });
    expect((await signIn(link, "sandbox_bank", "user_good")).status).toBe(200);
    const finish = (await (await link.call("POST", "session/finish")).json()) as FinishLinkResponse;
    const onRedirect = new URL(finish.redirectUrl).searchParams.get("publicToken");
    expect(onRedirect).toMatch(/^pub_/);

    const listed = await pending(externalId);
    expect(listed).toEqual([{ publicToken: onRedirect, externalId, createdAt: clock.toISOString() }]);
    expect(await pending(externalId)).toEqual(listed); // listing again changes nothing

    const exchanged = await exchange(onRedirect ?? "");
    expect(exchanged.status).toBe(200);
    expect(await pending(externalId)).toEqual([]);
    expect(await pending(externalId, await ctx.login(ctx.appB))).toEqual([]);
  });

  it("keeps the publicToken only encrypted, and drops the copy once it is exchanged", async () => {
    const { connectionId, publicToken } = await newConnection(uniqueExternalId());
    const sealed = (await rowOf(connectionId))?.publicTokenEnc;
    if (!sealed) throw new Error("no encrypted publicToken stored");
    expect(sealed).not.toContain(publicToken);
    expect(sealed).not.toContain(publicToken.slice("pub_".length));
    expect(ctx.services.cipher.decrypt(sealed, publicTokenContext(connectionId))).toBe(publicToken);
    expect((await exchange(publicToken)).status).toBe(200);
    expect((await rowOf(connectionId))?.publicTokenEnc).toBeNull();
  });

  it("lists a publicToken until 29:59 after its creation, and no longer from 30:00 on", async () => {
    const createdAt = new Date();
    clock = createdAt;
    const externalId = uniqueExternalId();
    const { publicToken } = await newConnection(externalId);
    try {
      clock = new Date(createdAt.getTime() + 30 * 60_000 - 1_000);
      expect((await pending(externalId)).map((p) => p.publicToken)).toEqual([publicToken]);
      clock = new Date(createdAt.getTime() + 30 * 60_000);
      expect(await pending(externalId)).toEqual([]);
    } finally {
      clock = new Date();
    }
  });

  it("leaves out a connection created before the publicToken was kept encrypted; its token still exchanges", async () => {
    const externalId = uniqueExternalId();
    const { connectionId, publicToken } = await newConnection(externalId);
    await ctx.services.database.db
      .update(connections)
      .set({ publicTokenEnc: null })
      .where(eq(connections.id, connectionId));
    expect(await pending(externalId)).toEqual([]);
    expect((await exchange(publicToken)).status).toBe(200);
  });

  it("answers at most 100, the newest first", async () => {
    const start = Date.now();
    const externalId = uniqueExternalId();
    const tokens: string[] = [];
    try {
      for (let i = 0; i < 101; i++) {
        clock = new Date(start + i); // distinct creation times: the order is checkable
        tokens.push((await newConnection(externalId)).publicToken);
        if (i === 99) {
          // Exactly 100: every one, newest first.
          expect((await pending(externalId)).map((p) => p.publicToken)).toEqual([...tokens].reverse());
        }
      }
      // 101: the newest 100, the oldest left out.
      const listed = (await pending(externalId)).map((p) => p.publicToken);
      expect(listed).toEqual(tokens.slice(1).reverse());
    } finally {
      clock = new Date();
    }
  });

  it("states the cap and the kept token in the OpenAPI document", async () => {
    const doc = (await (await ctx.request("GET", "/api/v1/openapi.json")).json()) as {
      paths: Record<string, { get: { description: string; responses: Record<string, unknown> } }>;
    };
    const operation = doc.paths["/api/v1/queries/connections/pending"]?.get;
    expect(operation?.description).toContain("never a new one");
    expect(operation?.description).toContain("At most 100");
    expect(JSON.stringify(operation?.responses["200"])).toContain('"maxItems":100');
  });
});
