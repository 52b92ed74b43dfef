import type { AppSettings } from "@finlink/contracts";
import type { FinlinkClient } from "@finlink/node";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { redirectResolver } from "./redirect";

const CALLBACK = "http://localhost:4020/link/callback";
const settings = (uris: string[]): AppSettings => ({
  clientId: crypto.randomUUID(),
  name: "demo",
  redirects: uris.map((uri, i) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, uri })),
  webhookUrl: null,
});

/** A stand-in for the client's `app()` that counts its calls and answers (or fails) in turn. */
function stubApi(...answers: (AppSettings | Error)[]) {
  const calls = { count: 0 };
  const api = {
    app: async () => {
      const answer = answers[Math.min(calls.count++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return answer as AppSettings;
    },
  } as unknown as FinlinkClient;
  return { api, calls };
}

const resolver = (api: FinlinkClient, configured?: string, lines: string[] = []) =>
  redirectResolver({
    configured,
    callbackUrl: CALLBACK,
    api,
    logger: pino({ level: "warn" }, { write: (line: string) => lines.push(line) }),
  });

describe("the redirect start-flow names", () => {
  it("is the one registered for this app's /link/callback, read once however often it is asked for", async () => {
    const { api, calls } = stubApi(settings(["https://other.example/cb", CALLBACK]));
    const redirectId = resolver(api);
    const ids = await Promise.all([redirectId(), redirectId(), redirectId()]);
    expect(await redirectId()).toBe("00000000-0000-4000-8000-000000000001");
    expect(new Set(ids)).toEqual(new Set(["00000000-0000-4000-8000-000000000001"]));
    expect(calls.count).toBe(1);
  });

  it("falls back to the first redirect, and says so in the log", async () => {
    const lines: string[] = [];
    const { api } = stubApi(settings(["https://other.example/cb", "https://third.example/cb"]));
    expect(await resolver(api, undefined, lines)()).toBe("00000000-0000-4000-8000-000000000000");
    expect(lines.join("")).toMatch(/no Finlink redirect is this app's \/link\/callback/);
  });

  it("reads again after a failure, and never when FINLINK_REDIRECT_ID is set", async () => {
    const { api, calls } = stubApi(new Error("down"), settings([CALLBACK]));
    const redirectId = resolver(api);
    await expect(redirectId()).rejects.toThrow("down");
    expect(await redirectId()).toBe("00000000-0000-4000-8000-000000000000");
    expect(calls.count).toBe(2);

    const configured = stubApi(settings([CALLBACK]));
    expect(await resolver(configured.api, "6f1c2d3e-0000-4000-8000-000000000000")()).toBe(
      "6f1c2d3e-0000-4000-8000-000000000000",
    );
    expect(configured.calls.count).toBe(0);
  });

  it("fails clearly when the app has no redirect at all", async () => {
    await expect(resolver(stubApi(settings([])).api)()).rejects.toThrow(/no registered redirect/);
  });
});
