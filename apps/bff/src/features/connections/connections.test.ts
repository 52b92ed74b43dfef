import type { BffConnection, BffLinkUrl } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../testing/backends";
import { type BffTestContext, createBffTestContext } from "../../testing/test-context";

const DATA_PATHS = [
  "accounts",
  "accounts/acc-1/transactions",
  "portfolios",
  "portfolios/active-positions",
  "portfolios/pf-1/transactions",
  "investments",
];

describe.each(testBackends())("connections (%s)", (_name, backend) => {
  let ctx: BffTestContext;
  beforeAll(async () => {
    ctx = await createBffTestContext({ backend });
  });
  afterAll(() => ctx?.close());

  it("answers 404 on every route of another user's connection, 401 signed out, and changes nothing", async () => {
    const owner = await ctx.signedIn("owner");
    const connection = await ctx.connect(owner, { entity: "sandbox_bank", username: "user_good" });
    await ctx.waitForStatus(owner, connection.id, ["READY"]);
    const intruder = await ctx.signedIn("intruder");
    const routes: [string, string][] = [
      ["GET", ""],
      ["GET", "/events"],
      ["DELETE", ""],
      ["POST", "/refresh"],
      ["POST", "/update"],
      ...DATA_PATHS.map((p): [string, string] => ["GET", `/${p}`]),
    ];
    const before = ctx.finlinkCalls.length;
    for (const [method, suffix] of routes) {
      const path = `/api/connections/${connection.id}${suffix}`;
      const body = method === "POST" ? {} : undefined;
      const res = await intruder.json<{ reason: string }>(method, path, body);
      expect([path, res.status, res.body.reason]).toEqual([path, 404, "CONNECTION_NOT_FOUND"]);
      const anonymous = await ctx.browser().json<{ reason: string }>(method, path, body);
      expect([path, anonymous.status]).toEqual([path, 401]);
    }
    // An id that is no uuid, or one that does not exist, answers the same 404.
    for (const id of ["not-a-uuid", crypto.randomUUID()]) {
      expect((await intruder.request("GET", `/api/connections/${id}`)).status).toBe(404);
    }
    expect((await intruder.json<BffConnection[]>("GET", "/api/connections")).body).toEqual([]);
    expect(ctx.finlinkCalls.length).toBe(before);
    // The owner's connection is untouched.
    expect((await owner.json<BffConnection>("GET", `/api/connections/${connection.id}`)).body.status).toBe("READY");
    expect((await ctx.browser().request("GET", "/api/connections")).status).toBe(401);
  });

  it("refreshes a connection (202 UPDATING, then READY) and deletes it at Finlink and here", async () => {
    const b = await ctx.signedIn("refresher");
    const connection = await ctx.connect(b, { entity: "sandbox_bank", username: "user_good" });
    await ctx.waitForStatus(b, connection.id, ["READY"]);
    const refreshed = await b.json<BffConnection>("POST", `/api/connections/${connection.id}/refresh`);
    expect(refreshed.status).toBe(202);
    expect(refreshed.body.status).toBe("UPDATING");
    await ctx.waitForStatus(b, connection.id, ["READY"]);

    const token = await ctx.connectionTokenOf(connection.id);
    expect((await b.request("DELETE", `/api/connections/${connection.id}`)).status).toBe(204);
    expect((await b.request("GET", `/api/connections/${connection.id}`)).status).toBe(404);
    await expect(ctx.services.finlink.api.connection(token)).rejects.toMatchObject({ status: 404 });
  });

  it("deletes a connection Finlink no longer knows, and answers 502 when Finlink fails", async () => {
    const b = await ctx.signedIn("deleter");
    const connection = await ctx.connect(b, { entity: "sandbox_bank", username: "user_good" });
    ctx.control.intercept = (call) =>
      call.method === "DELETE" ? Promise.resolve(new Response("oops", { status: 500 })) : undefined;
    try {
      const failed = await b.json<{ reason: string }>("DELETE", `/api/connections/${connection.id}`);
      expect(failed.status).toBe(502);
      expect(failed.body.reason).toBe("UPSTREAM_ERROR");
      expect((await b.request("GET", `/api/connections/${connection.id}`)).status).toBe(200);
    } finally {
      ctx.control.intercept = undefined;
    }
    await ctx.services.finlink.api.deleteConnection(await ctx.connectionTokenOf(connection.id));
    expect((await b.request("DELETE", `/api/connections/${connection.id}`)).status).toBe(204);
    expect((await b.request("GET", `/api/connections/${connection.id}`)).status).toBe(404);
  });

  it("updates a two-factor connection through Link: refresh asks for the user, update opens Link, complete ends READY", async () => {
    const b = await ctx.signedIn("otp");
    const connection = await ctx.connect(b, { entity: "sandbox_bank", username: "user_otp" });
    const ready = await ctx.waitForStatus(b, connection.id, ["READY"]);
    expect(ready.twoFactorEnabled).toBe(true);

    const refreshed = await b.json<{ reason: string; status: number }>(
      "POST",
      `/api/connections/${connection.id}/refresh`,
    );
    expect(refreshed.status).toBe(409);
    expect(refreshed.body.reason).toBe("USER_ACTION_REQUIRED");
    expect(JSON.stringify(refreshed.body)).not.toMatch(/upd_/);
    const asking = await b.json<BffConnection>("GET", `/api/connections/${connection.id}`);
    expect(asking.body.userAction).toBe("UPDATE");

    const update = await b.json<BffLinkUrl>("POST", `/api/connections/${connection.id}/update`, { lang: "es" });
    expect(update.status).toBe(200);
    expect(new URL(update.body.url).searchParams.get("lang")).toBe("es");
    const redirect = await ctx.throughLink(update.body.url, { entity: "sandbox_bank", username: "user_otp" });
    expect(redirect).toMatchObject({ operation: "UPDATE", entity: "sandbox_bank" });
    expect(redirect.publicToken).toBeUndefined();

    // An update's state does not exchange a publicToken.
    const exchange = await b.json<{ reason: string }>("POST", "/api/link/exchange", {
      publicToken: "pub_x",
      state: redirect.state,
    });
    expect(exchange.body.reason).toBe("INVALID_STATE");
    // Another user cannot complete it.
    const other = await ctx.signedIn("otp-other");
    expect((await other.json<{ reason: string }>("POST", "/api/link/complete", { state: redirect.state })).status).toBe(
      400,
    );

    const completed = await b.json<BffConnection>("POST", "/api/link/complete", { state: redirect.state });
    expect(completed.status).toBe(200);
    expect(["UPDATING", "READY"]).toContain(completed.body.status);
    expect(completed.body.userAction).toBeNull();
    const after = await ctx.waitForStatus(b, connection.id, ["READY"]);
    expect(after.userAction).toBeNull();
    expect(after.lastSync).not.toBe(ready.lastSync);

    const replay = await b.json<{ reason: string }>("POST", "/api/link/complete", { state: redirect.state });
    expect(replay.body.reason).toBe("INVALID_STATE");
    // Nothing to do for the user now: the update button has nothing to open.
    const nothing = await b.json<{ reason: string }>("POST", `/api/connections/${connection.id}/update`, {});
    expect(nothing.status).toBe(409);
    expect(nothing.body.reason).toBe("NO_USER_ACTION");
  });

  it("asks for a restore after the password changed, and restores through Link", async () => {
    const b = await ctx.signedIn("restorer");
    const connection = await ctx.connect(b, { entity: "sandbox_bank", username: "user_good" });
    await ctx.waitForStatus(b, connection.id, ["READY"]);
    await ctx.services.finlink.api.sandbox.resetLogin(await ctx.connectionTokenOf(connection.id));

    const refreshed = await b.json<{ reason: string }>("POST", `/api/connections/${connection.id}/refresh`);
    expect(refreshed.status).toBe(409);
    expect(refreshed.body.reason).toBe("USER_ACTION_REQUIRED");
    const asking = await b.json<BffConnection>("GET", `/api/connections/${connection.id}`);
    expect(asking.body).toMatchObject({ userAction: "RESTORE", status: "UPDATE_ERROR" });

    const update = await b.json<BffLinkUrl>("POST", `/api/connections/${connection.id}/update`, {});
    const redirect = await ctx.throughLink(update.body.url, { entity: "sandbox_bank", username: "user_good" });
    await b.json("POST", "/api/link/complete", { state: redirect.state });
    const after = await ctx.waitForStatus(b, connection.id, ["READY"]);
    expect(after.userAction).toBeNull();
    // No answer of the whole file carried an update or restore token, nor a connectionToken.
    const leaks = ctx.responses.filter((r) => /\b(con|upd|rst|pub)_[A-Za-z0-9_-]{40,}/.test(JSON.stringify(r)));
    expect(leaks.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });
});
