import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../testing/test-context";

// Behind one trusted proxy: X-Forwarded-For's last entry is the client's address. The limit (60 in 10
// minutes) is written out, not read from its constants: changing them must fail a test.

let ctx: TestContext;
let offsetMs = 0;

beforeAll(async () => {
  ctx = await createTestContext({ trustedProxies: 1, workers: false, now: () => new Date(Date.now() + offsetMs) });
});
afterAll(() => ctx?.close());

const open = (forwardedFor: string) =>
  ctx.request("POST", "/api/v1/link/sessions", {
    body: { id: ctx.appA.redirects[0]?.id },
    headers: { "X-Forwarded-For": forwardedFor },
  });

describe("opening Link sessions from one client address", () => {
  it("opens the 60th in 10 minutes, refuses the 61st with 429 SESSIONS_THROTTLED, not other addresses", async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 60; i++) statuses.push((await open("203.0.113.30")).status);
    expect(statuses).toEqual(Array(60).fill(201));

    const refused = await open("203.0.113.30");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Content-Type")).toContain("application/problem+json");
    expect(await refused.json()).toMatchObject({ reason: "SESSIONS_THROTTLED", retryable: true });
    const retryAfter = Number(refused.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(9 * 60);
    expect(retryAfter).toBeLessThanOrEqual(10 * 60);
    // An entry the client wrote left of the proxy's changes nothing.
    expect((await open("198.51.100.1, 203.0.113.30")).status).toBe(429);

    expect((await open("203.0.113.31")).status).toBe(201);
    offsetMs += 10 * 60_000;
    expect((await open("203.0.113.30")).status).toBe(201);
  });

  it("takes its limit from the configuration (FINLINK_LINK_SESSIONS_PER_ADDRESS): 3 opens 3 and refuses the 4th", async () => {
    const small = await createTestContext({ trustedProxies: 1, workers: false, linkSessionsPerAddress: 3 });
    try {
      const openHere = () =>
        small.request("POST", "/api/v1/link/sessions", {
          body: { id: small.appA.redirects[0]?.id },
          headers: { "X-Forwarded-For": "203.0.113.40" },
        });
      const statuses: number[] = [];
      for (let i = 1; i <= 4; i++) statuses.push((await openHere()).status);
      expect(statuses).toEqual([201, 201, 201, 429]);
    } finally {
      await small.close();
    }
  });
});
