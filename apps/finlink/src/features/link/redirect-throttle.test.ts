import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { openLink } from "./link.testing";
import { answerAtBank, completeRedirect, startRedirect } from "./redirect.testing";

// Behind one trusted proxy: X-Forwarded-For's last entry is the client's address. The limit (30 in 10
// minutes) is written out, not read from its constants: changing them must fail a test.

let ctx: TestContext;
let offsetMs = 0;

beforeAll(async () => {
  ctx = await createTestContext({ trustedProxies: 1, workers: false, now: () => new Date(Date.now() + offsetMs) });
});
afterAll(() => ctx?.close());

const FORGED = `http://127.0.0.1:4010/link/return?code=x&state=${"A".repeat(43)}`;
const from = (address: string) => ({ "X-Forwarded-For": address });

describe("completing redirects from one client address", () => {
  it("answers the 30th in 10 minutes, refuses the 31st with 429 REDIRECT_THROTTLED, not other addresses", async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 30; i++) statuses.push((await completeRedirect(ctx, FORGED, from("203.0.113.50"))).status);
    // Guesses at a state: each answered as what it is until the limit.
    expect(statuses).toEqual(Array(30).fill(404));

    const refused = await completeRedirect(ctx, FORGED, from("203.0.113.50"));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Content-Type")).toContain("application/problem+json");
    expect(await refused.json()).toMatchObject({ reason: "REDIRECT_THROTTLED", retryable: true });
    const retryAfter = Number(refused.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(9 * 60);
    expect(retryAfter).toBeLessThanOrEqual(10 * 60);

    // A genuine return from the throttled address waits too; from another address it completes.
    const link = await openLink(ctx);
    const back = await answerAtBank(ctx, (await startRedirect(link)).authorizeUrl, { action: "approve" });
    expect((await completeRedirect(ctx, back, from("203.0.113.50"))).status).toBe(429);
    expect((await completeRedirect(ctx, back, from("203.0.113.51"))).status).toBe(200);

    offsetMs += 10 * 60_000;
    expect((await completeRedirect(ctx, FORGED, from("203.0.113.50"))).status).toBe(404);
  });
});
