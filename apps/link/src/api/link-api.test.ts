import { describe, expect, it, vi } from "vitest";
import { createLinkApi } from "./link-api";
import { LinkApiError, NETWORK_ERROR } from "./link-api-error";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status < 400 ? "application/json" : "application/problem+json", ...headers },
  });

const sessionAnswer = { sessionToken: "lks_secret", app: { name: "Demo" }, redirectOrigin: "https://app.example" };

describe("createLinkApi", () => {
  it("keeps the session token to itself and sends it as X-Link-Session", async () => {
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockResolvedValueOnce(json(201, sessionAnswer, { "X-Request-ID": "r1" }))
      .mockResolvedValueOnce(json(200, []));
    const api = createLinkApi({ fetch });

    const session = await api.createSession({ id: "redirect-id" });
    await api.searchEntities("bróker");

    expect(session).not.toHaveProperty("sessionToken");
    const [createUrl, createInit] = fetch.mock.calls[0] ?? [];
    expect(createUrl).toBe("/api/v1/link/sessions");
    expect(createInit?.headers).not.toHaveProperty("X-Link-Session");
    expect(createInit).toMatchObject({ method: "POST", credentials: "omit", body: '{"id":"redirect-id"}' });
    const [searchUrl, searchInit] = fetch.mock.calls[1] ?? [];
    expect(searchUrl).toBe("/api/v1/link/entities?q=br%C3%B3ker");
    expect(searchInit?.headers).toMatchObject({ "X-Link-Session": "lks_secret" });
    expect(api.lastRequestId()).toBe("r1");
  });

  it("maps problem+json to a LinkApiError with reason, attempts, step and the X-Request-ID", async () => {
    const body = { title: "Unauthorized", reason: "INVALID_CREDENTIALS", retryable: true, remainingAttempts: 3 };
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockResolvedValue(json(401, { ...body, step: "CREDENTIALS" }, { "X-Request-ID": "req-42" }));
    const api = createLinkApi({ fetch });

    const error = await api.submitCredentials({ entity: "sandbox_bank", credentials: {} }).catch((e) => e);

    expect(error).toBeInstanceOf(LinkApiError);
    expect(error).toMatchObject({
      status: 401,
      reason: "INVALID_CREDENTIALS",
      retryable: true,
      remainingAttempts: 3,
      step: "CREDENTIALS",
      requestId: "req-42",
    });
  });

  it("reads how long to wait from a 429", async () => {
    const body = { title: "Too Many Requests", reason: "SIGN_IN_THROTTLED", retryable: true, retryAfter: 840 };
    const fetch = vi.fn<typeof globalThis.fetch>().mockResolvedValue(json(429, body, { "Retry-After": "840" }));
    const error = await createLinkApi({ fetch })
      .submitCredentials({ entity: "sandbox_bank", credentials: {} })
      .catch((e) => e);
    expect(error).toMatchObject({ status: 429, reason: "SIGN_IN_THROTTLED", retryable: true, retryAfter: 840 });
  });

  it("names an error without a problem body by its status", async () => {
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockResolvedValue(new Response("<html>Bad gateway</html>", { status: 502 }));
    const error = await createLinkApi({ fetch })
      .finish()
      .catch((e) => e);
    expect(error).toMatchObject({ status: 502, reason: "HTTP_502", retryable: true, step: null });
  });

  it("turns a failed fetch into a retryable NETWORK_ERROR", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>().mockRejectedValue(new TypeError("Failed to fetch"));
    const error = await createLinkApi({ fetch })
      .exit({ reason: "USER_EXIT" })
      .catch((e) => e);
    expect(error).toMatchObject({ status: 0, reason: NETWORK_ERROR, retryable: true });
  });

  it("posts the MFA answer with its challenge id", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>().mockResolvedValue(json(200, { step: "AUTHENTICATED" }));
    await createLinkApi({ fetch }).answerChallenge("ch_1", { type: "POLL" });
    expect(fetch).toHaveBeenCalledWith(
      "/api/v1/link/session/mfa",
      expect.objectContaining({ body: '{"challengeId":"ch_1","answer":{"type":"POLL"}}' }),
    );
  });

  it("asks for the bank's page with the session token, and completes without it, keeping the fresh token", async () => {
    const started = { authorizeUrl: "https://bank.example/authorize?state=s", expiresAt: "2030-01-01T00:10:00.000Z" };
    const completed = {
      ...sessionAnswer,
      sessionToken: "lks_fresh",
      step: "AUTHENTICATED",
      result: { step: "AUTHENTICATED" },
    };
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockResolvedValueOnce(json(201, sessionAnswer))
      .mockResolvedValueOnce(json(200, started))
      .mockResolvedValueOnce(json(200, completed))
      .mockResolvedValueOnce(json(200, { step: "AUTHENTICATED" }));
    const api = createLinkApi({ fetch });
    await api.createSession({ id: "redirect-id" });

    expect(await api.startRedirect("sandbox_bank_oauth")).toEqual(started);
    const back = await api.completeRedirect("https://link.example/link/return?code=c&state=s");
    await api.getSession();

    expect(back).not.toHaveProperty("sessionToken");
    expect(back.result).toEqual({ step: "AUTHENTICATED" });
    const [startUrl, startInit] = fetch.mock.calls[1] ?? [];
    expect(startUrl).toBe("/api/v1/link/session/redirect");
    expect(startInit).toMatchObject({ method: "POST", body: '{"entity":"sandbox_bank_oauth"}' });
    expect(startInit?.headers).toMatchObject({ "X-Link-Session": "lks_secret" });
    const [completeUrl, completeInit] = fetch.mock.calls[2] ?? [];
    expect(completeUrl).toBe("/api/v1/link/redirect/complete");
    expect(completeInit?.body).toBe('{"receivedRedirectUri":"https://link.example/link/return?code=c&state=s"}');
    // The token this window holds proves it began the redirect (the iframe), the cookie does for a new tab: both
    // go. The server rotated the token: the old one is not used after.
    expect(completeInit?.headers).toMatchObject({ "X-Link-Session": "lks_secret" });
    expect(completeInit).toMatchObject({ credentials: "same-origin" });
    expect(startInit).toMatchObject({ credentials: "omit" });
    const [sessionUrl, sessionInit] = fetch.mock.calls[3] ?? [];
    expect(sessionUrl).toBe("/api/v1/link/session");
    expect(sessionInit).toMatchObject({ method: "GET", headers: { "X-Link-Session": "lks_fresh" } });
  });

  it("reads a return the server no longer knows as REDIRECT_STATE_UNKNOWN, keeping the token it had", async () => {
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockResolvedValueOnce(json(201, sessionAnswer))
      .mockResolvedValueOnce(json(409, { title: "Conflict", reason: "REDIRECT_STATE_UNKNOWN" }))
      .mockResolvedValueOnce(json(200, []));
    const api = createLinkApi({ fetch });
    await api.createSession({ id: "redirect-id" });
    const error = await api.completeRedirect("https://link.example/link/return?code=c&state=old").catch((e) => e);
    expect(error).toMatchObject({ status: 409, reason: "REDIRECT_STATE_UNKNOWN", retryable: false });
    await api.searchEntities("");
    expect(fetch.mock.calls[2]?.[1]?.headers).toMatchObject({ "X-Link-Session": "lks_secret" });
  });
});
