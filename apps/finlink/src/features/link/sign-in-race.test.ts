import type { LinkSession, LinkSignInResponse } from "@finlink/contracts";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Connector } from "../../connectors/connector";
import { linkSessions } from "../../db/schema";
import { RateLimiter } from "../../lib/rate-limit";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { type LinkClient, openLink, submitCredentials } from "./link.testing";
import { authenticateSession } from "./link-session";
import { USER_FAILURE_WINDOW_MS } from "./sign-in-throttle";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
// These tests make one user guess hundreds of times, from requests that overlap on purpose: the limits
// across sessions (tested in sign-in.test.ts) would refuse some of them, so here they are out of reach.
beforeEach(() =>
  ctx.resetLimits({
    linkSignIn: new RateLimiter(ctx.limitStore, "link-sign-in-user", 10_000, USER_FAILURE_WINDOW_MS),
    linkSignInPerAddress: new RateLimiter(ctx.limitStore, "link-sign-in-address", 10_000, USER_FAILURE_WINDOW_MS),
  }),
);
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(() => ctx?.close());

/** The sandbox connector's `method`, held at a gate: every call waits there until `overlapping` lets it go. */
function gatedConnector(method: "login" | "answer") {
  const connector = ctx.services.connectors.find("sandbox_bank")?.connector as Connector;
  const original = connector[method].bind(connector) as (input: unknown) => Promise<unknown>;
  const gate = { calls: 0, held: [] as (() => void)[] };
  vi.spyOn(connector, method).mockImplementation((async (input: unknown) => {
    gate.calls++;
    await new Promise<void>((resolve) => gate.held.push(resolve));
    return original(input);
  }) as never);
  return gate;
}

type Gate = ReturnType<typeof gatedConnector>;

/**
 * Sends every request at once and waits until each has either been answered or is held at the connector:
 * the ones answered by then were answered while another held the session (the overlap the test is about).
 * Then lets the held ones go; answers how many were held, and every response.
 */
async function overlapping(gate: Gate, requests: (() => Response | Promise<Response>)[]) {
  let answered = 0;
  const all = Promise.all(
    requests.map(async (send) => {
      const res = await send();
      answered++;
      return res;
    }),
  );
  await vi.waitFor(() => expect(answered + gate.held.length).toBe(requests.length), { timeout: 20_000, interval: 5 });
  const held = gate.held.length;
  for (const release of gate.held.splice(0)) release();
  return { held, responses: await all };
}

const stepOf = async (link: LinkClient) => ((await (await link.call("GET", "session")).json()) as LinkSession).step;
const statusesOf = (responses: Response[]) => responses.map((res) => res.status);
const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;
const reasonsOf = (responses: Response[], status: number) =>
  Promise.all(
    responses
      .filter((res) => res.status === status)
      .map(async (res) => ((await res.json()) as { reason: string }).reason),
  );
const wrongPassword = (link: LinkClient, i: number) => submitCredentials(link, "sandbox_bank", "user_good", `bad${i}`);
const otp = (link: LinkClient, challengeId: string, code: string) =>
  link.call("POST", "session/mfa", { challengeId, answer: { type: "OTP", code } });

describe("parallel wrong passwords", () => {
  it("waves of 20: one per wave reaches the connector while 19 are refused SIGN_IN_IN_PROGRESS; 5 in all, then locked", async () => {
    const gate = gatedConnector("login");
    const link = await openLink(ctx);
    const waves: { held: number; statuses: number[] }[] = [];
    for (let wave = 0; wave < 10 && (await stepOf(link)) !== "LOCKED"; wave++) {
      const { held, responses } = await overlapping(
        gate,
        Array.from({ length: 20 }, (_, i) => () => wrongPassword(link, i)),
      );
      waves.push({ held, statuses: statusesOf(responses) });
      expect(await reasonsOf(responses, 409)).toEqual(Array(19).fill("SIGN_IN_IN_PROGRESS"));
    }
    expect(waves).toHaveLength(5);
    for (const { held, statuses } of waves) {
      expect(held).toBe(1);
      expect([count(statuses, 401), count(statuses, 409)]).toEqual([1, 19]);
    }
    expect(gate.calls).toBe(5);
    expect(await stepOf(link)).toBe("LOCKED");
    const after = await overlapping(
      gate,
      Array.from({ length: 20 }, (_, i) => () => wrongPassword(link, i)),
    );
    expect(after.held).toBe(0);
    expect(await reasonsOf(after.responses, 429)).toEqual(Array(20).fill("TOO_MANY_ATTEMPTS"));
    expect(gate.calls).toBe(5);
  });

  it("19 wrong and the right one with one attempt left: one reaches the connector, and once locked nothing signs in", async () => {
    const link = await openLink(ctx);
    for (let i = 0; i < 4; i++) expect((await wrongPassword(link, i)).status).toBe(401);
    const gate = gatedConnector("login");
    const { held, responses } = await overlapping(gate, [
      ...Array.from({ length: 19 }, (_, i) => () => wrongPassword(link, i)),
      () => submitCredentials(link, "sandbox_bank", "user_good"),
    ]);
    const statuses = statusesOf(responses);
    expect(held).toBe(1);
    expect(gate.calls).toBe(1);
    expect(await reasonsOf(responses, 409)).toEqual(Array(19).fill("SIGN_IN_IN_PROGRESS"));
    const step = await stepOf(link);
    const finish = await link.call("POST", "session/finish");
    if (step === "LOCKED") {
      // A wrong password won the claim and used the last attempt.
      expect(count(statuses, 401)).toBe(1);
      expect(finish.status).toBe(409);
    } else {
      // The right password won the claim: every other request was refused.
      expect(step).toBe("AUTHENTICATED");
      expect(count(statuses, 200)).toBe(1);
      expect(finish.status).toBe(200);
    }
  });
});

describe("parallel MFA answers", () => {
  const challengeOf = async (link: LinkClient) => {
    const res = await submitCredentials(link, "sandbox_bank", "user_otp");
    const body = (await res.json()) as LinkSignInResponse;
    if (body.step !== "MFA") throw new Error(`expected a challenge, got ${body.step}`);
    return body.challenge;
  };

  it("30 guesses at once, the right one among them: one reaches the connector while 29 are refused SIGN_IN_IN_PROGRESS", async () => {
    const link = await openLink(ctx);
    const challenge = await challengeOf(link);
    const gate = gatedConnector("answer");
    const codes = Array.from({ length: 30 }, (_, i) => (i === 17 ? "123456" : String(100000 + i)));
    const { held, responses } = await overlapping(
      gate,
      codes.map((code) => () => otp(link, challenge.id, code)),
    );
    const statuses = statusesOf(responses);
    expect(held).toBe(1);
    expect(gate.calls).toBe(1);
    expect(await reasonsOf(responses, 409)).toEqual(Array(29).fill("SIGN_IN_IN_PROGRESS"));
    expect(count(statuses, 200) + count(statuses, 400)).toBe(1);
  });

  it("waves of 30 wrong codes: one per wave reaches the connector, its 3 tries, then back to the credentials", async () => {
    const link = await openLink(ctx);
    const challenge = await challengeOf(link);
    const gate = gatedConnector("answer");
    const held: number[] = [];
    for (let wave = 0; wave < 10 && (await stepOf(link)) === "MFA"; wave++) {
      const codes = Array.from({ length: 30 }, (_, i) => String(100000 + i));
      held.push(
        (
          await overlapping(
            gate,
            codes.map((code) => () => otp(link, challenge.id, code)),
          )
        ).held,
      );
    }
    expect(held).toEqual([1, 1, 1]);
    expect(gate.calls).toBe(3);
    expect(await stepOf(link)).toBe("CREDENTIALS");
    expect((await otp(link, challenge.id, "123456")).status).toBe(409);
  });

  it("wrong codes count toward the session's 5 failed attempts", async () => {
    const link = await openLink(ctx);
    let challenge = await challengeOf(link);
    for (let i = 0; i < 3; i++) expect((await otp(link, challenge.id, "000000")).status).toBe(400);
    challenge = await challengeOf(link);
    expect(await (await otp(link, challenge.id, "000000")).json()).toMatchObject({ step: "MFA" });
    const last = await otp(link, challenge.id, "000000");
    expect(last.status).toBe(400);
    expect(await last.json()).toMatchObject({ reason: "INVALID_MFA", step: "LOCKED" });
    expect(await stepOf(link)).toBe("LOCKED");
    expect((await otp(link, challenge.id, "123456")).status).toBe(429);
    expect((await submitCredentials(link, "sandbox_bank", "user_good")).status).toBe(429);
  });
});

describe("the sign-in claim", () => {
  const rowOf = (link: LinkClient) => authenticateSession(ctx.services, link.sessionToken);
  const setStep = async (link: LinkClient, step: string, updatedAt: Date) => {
    const { id } = await rowOf(link);
    await ctx.services.database.db.update(linkSessions).set({ step, updatedAt }).where(eq(linkSessions.id, id));
  };

  it("goes back to the claimed-from step when the connector throws", async () => {
    const connector = ctx.services.connectors.find("sandbox_bank")?.connector as Connector;
    vi.spyOn(connector, "login").mockRejectedValueOnce(new Error("connector crashed"));
    const link = await openLink(ctx);
    const before = (await rowOf(link)).step;
    expect((await submitCredentials(link, "sandbox_bank", "user_good")).status).toBe(500);
    expect((await rowOf(link)).step).toBe(before);
    expect((await submitCredentials(link, "sandbox_bank", "user_good")).status).toBe(200);
  });

  it("is never shown, refuses a second call, and a stale one (a crashed call) can be claimed again", async () => {
    const link = await openLink(ctx);
    await setStep(link, "SIGNING_IN:CREDENTIALS:someone", new Date());
    expect(await stepOf(link)).toBe("CREDENTIALS");
    const busy = await submitCredentials(link, "sandbox_bank", "user_good");
    expect(busy.status).toBe(409);
    expect(await busy.json()).toMatchObject({ reason: "SIGN_IN_IN_PROGRESS", retryable: true });
    await setStep(link, "SIGNING_IN:CREDENTIALS:someone", new Date(Date.now() - 61_000));
    expect((await submitCredentials(link, "sandbox_bank", "user_good")).status).toBe(200);
    expect(await stepOf(link)).toBe("AUTHENTICATED");
  });
});
