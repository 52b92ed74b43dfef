import type { LinkSession, LinkSignInResponse } from "@finlink/contracts";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Connector } from "../../connectors/connector";
import { linkSessions } from "../../db/schema";
import { createLimits } from "../../services";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { type LinkClient, openLink, submitCredentials } from "./link.testing";
import { authenticateSession } from "./link-session";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterEach(() => {
  vi.restoreAllMocks();
  // These tests make one user guess hundreds of times; the limit across sessions is tested in sign-in.test.ts.
  ctx.services.limits = createLimits();
});
afterAll(() => ctx?.close());

/** The sandbox connector, slowed down so that parallel requests really overlap while it answers. */
function slowConnector(method: "login" | "answer", fail?: () => boolean) {
  const connector = ctx.services.connectors.find("sandbox_bank")?.connector as Connector;
  const original = connector[method].bind(connector) as (input: unknown) => Promise<unknown>;
  const calls: unknown[] = [];
  vi.spyOn(connector, method).mockImplementation((async (input: unknown) => {
    calls.push(input);
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (fail?.()) throw new Error("connector crashed");
    return original(input);
  }) as never);
  return calls;
}

const stepOf = async (link: LinkClient) => ((await (await link.call("GET", "session")).json()) as LinkSession).step;
const statusesOf = (responses: Response[]) => responses.map((res) => res.status);
const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;
const reasonOf = async (res: Response) => ((await res.json()) as { reason: string }).reason;
const wrongPassword = (link: LinkClient, i: number) => submitCredentials(link, "sandbox_bank", "user_good", `bad${i}`);
const otp = (link: LinkClient, challengeId: string, code: string) =>
  link.call("POST", "session/mfa", { challengeId, answer: { type: "OTP", code } });

describe("parallel wrong passwords", () => {
  it("reach the connector one at a time, at most 5 in all, and the session locks", async () => {
    const calls = slowConnector("login");
    const link = await openLink(ctx);
    const statuses: number[] = [];
    for (let wave = 0; wave < 30 && (await stepOf(link)) !== "LOCKED"; wave++) {
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => wrongPassword(link, i)));
      statuses.push(...statusesOf(responses));
      for (const res of responses.filter((r) => r.status === 409)) {
        expect(await reasonOf(res)).toBe("SIGN_IN_IN_PROGRESS");
      }
    }
    expect(await stepOf(link)).toBe("LOCKED");
    expect(calls.length).toBe(5);
    expect(count(statuses, 401)).toBe(5);
    expect(statuses.every((s) => [401, 409, 429].includes(s))).toBe(true);
    const after = await Promise.all(Array.from({ length: 20 }, (_, i) => wrongPassword(link, i)));
    expect(statusesOf(after).every((s) => s === 429)).toBe(true);
    expect(calls.length).toBe(5);
  });

  it("19 wrong and the right one at the last attempt: never signed in once locked", async () => {
    const link = await openLink(ctx);
    for (let i = 0; i < 4; i++) expect((await wrongPassword(link, i)).status).toBe(401);
    const calls = slowConnector("login");
    const responses = await Promise.all([
      ...Array.from({ length: 19 }, (_, i) => wrongPassword(link, i)),
      submitCredentials(link, "sandbox_bank", "user_good"),
    ]);
    const statuses = statusesOf(responses);
    expect(statuses.every((s) => [200, 401, 409, 429].includes(s))).toBe(true);
    // One attempt was left: at most one wrong password reached the entity, and it locked the session.
    expect(count(statuses, 401)).toBeLessThanOrEqual(1);
    expect(calls.length).toBeLessThanOrEqual(2);
    const step = await stepOf(link);
    const finish = await link.call("POST", "session/finish");
    if (step === "LOCKED") {
      expect(finish.status).toBe(409);
    } else {
      // The right password won the claim: every other request was refused.
      expect(step).toBe("AUTHENTICATED");
      expect(count(statuses, 200)).toBe(1);
      expect(count(statuses, 401)).toBe(0);
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

  it("30 guesses with the right one: answered one at a time, never more wrong ones than the limit", async () => {
    const link = await openLink(ctx);
    const challenge = await challengeOf(link);
    const calls = slowConnector("answer");
    const codes = Array.from({ length: 30 }, (_, i) => (i === 17 ? "123456" : String(100000 + i)));
    const responses = await Promise.all(codes.map((code) => otp(link, challenge.id, code)));
    const statuses = statusesOf(responses);
    expect(statuses.every((s) => [200, 409, 422, 429].includes(s))).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(4);
    expect(count(statuses, 422)).toBeLessThanOrEqual(3);
  });

  it("waves of wrong codes: the connector sees at most its 3 tries, then back to the credentials", async () => {
    const link = await openLink(ctx);
    const challenge = await challengeOf(link);
    const calls = slowConnector("answer");
    for (let wave = 0; wave < 30 && (await stepOf(link)) === "MFA"; wave++) {
      await Promise.all(Array.from({ length: 30 }, (_, i) => otp(link, challenge.id, String(100000 + i))));
    }
    expect(calls.length).toBe(3);
    expect(await stepOf(link)).toBe("CREDENTIALS");
    expect((await otp(link, challenge.id, "123456")).status).toBe(409);
  });

  it("wrong codes count toward the session's 5 failed attempts", async () => {
    const link = await openLink(ctx);
    let challenge = await challengeOf(link);
    for (let i = 0; i < 3; i++) expect((await otp(link, challenge.id, "000000")).status).toBe(422);
    challenge = await challengeOf(link);
    expect(await (await otp(link, challenge.id, "000000")).json()).toMatchObject({ step: "MFA" });
    const last = await otp(link, challenge.id, "000000");
    expect(last.status).toBe(422);
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
    let crash = true;
    slowConnector("login", () => {
      const now = crash;
      crash = false;
      return now;
    });
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
