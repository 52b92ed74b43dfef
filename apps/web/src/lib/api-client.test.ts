import { BffConnection, BffUser } from "@finlink/contracts";
import { describe, expect, it, vi } from "vitest";
import { USER } from "../testing/fixtures";
import { json, noContent, problem, stubApi } from "../testing/stub-api";
import { api } from "./api-client";
import { ApiError, INVALID_RESPONSE, NETWORK_ERROR } from "./api-error";

describe("api", () => {
  it("parses a good answer with the contract", async () => {
    stubApi({ "GET /api/me": () => USER });
    await expect(api("/api/me", { schema: BffUser })).resolves.toEqual(USER);
  });

  it("sends unsafe methods as JSON, and GETs without a body", async () => {
    const stub = stubApi({ "POST /api/session": () => USER, "GET /api/me": () => USER });
    await api("/api/session", { method: "POST", body: { name: "Ana" }, schema: BffUser });
    await api("/api/me", { schema: BffUser });
    const [post] = stub.to("POST /api/session");
    expect(post?.headers["Content-Type"]).toBe("application/json");
    expect(post?.body).toEqual({ name: "Ana" });
    const [get] = stub.to("GET /api/me");
    expect(get?.headers["Content-Type"]).toBeUndefined();
    expect(get?.body).toBeUndefined();
  });

  it("sends an empty JSON object for a bodiless POST (the BFF wants JSON on every unsafe method)", async () => {
    const stub = stubApi({ "POST /api/x": () => noContent() });
    await api("/api/x", { method: "POST" });
    expect(stub.to("POST /api/x")[0]?.body).toEqual({});
  });

  it("turns problem+json into an ApiError with status and reason", async () => {
    stubApi({ "POST /api/link/exchange": () => problem(400, "INVALID_STATE", "The state is not valid") });
    const failure = await api("/api/link/exchange", { method: "POST", body: {} }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 400, reason: "INVALID_STATE", message: "The state is not valid" });
  });

  it("keeps the status of an error without a problem body", async () => {
    stubApi({
      "GET /api/me": () => new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }),
    });
    await expect(api("/api/me", { schema: BffUser })).rejects.toMatchObject({ status: 502, reason: null });
  });

  it("says NETWORK_ERROR when no answer came", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));
    await expect(api("/api/me")).rejects.toMatchObject({ status: 0, reason: NETWORK_ERROR });
  });

  it("refuses an answer that does not match the contract, loudly", async () => {
    stubApi({ "GET /api/connections/x": () => json({ id: "x", status: "SOMETHING" }) });
    await expect(api("/api/connections/x", { schema: BffConnection })).rejects.toMatchObject({
      status: 200,
      reason: INVALID_RESPONSE,
    });
  });

  it("answers undefined for 204", async () => {
    stubApi({ "DELETE /api/session": () => noContent() });
    await expect(api("/api/session", { method: "DELETE" })).resolves.toBeUndefined();
  });

  it("puts the query in the URL, leaving out empty values", async () => {
    const stub = stubApi({ "GET /api/t": () => ({}) });
    await api("/api/t", { query: { limit: 25, cursor: null, from: "" } });
    await api("/api/t", { query: { limit: 25, cursor: "abc==" } });
    expect(stub.requests.map((r) => r.query.toString())).toEqual(["limit=25", "limit=25&cursor=abc%3D%3D"]);
  });
});
