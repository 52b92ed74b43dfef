import { linkSessionRequest, parseLinkStart } from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../testing/backends";
import { createTestContext, type TestApp, type TestContext } from "../../testing/test-context";

/** What a tricky Link URL must name: app A, app B, or nobody (the page framed by nobody, no session). */
type Names = "A" | "B" | null;

/** Placeholders: `{tokA}`/`{tokB}` a start token of app A/B, `{idA}`/`{idB}` a redirect id of app A/B. */
const CASES: [string, Names][] = [
  ["?authToken={tokA}", "A"],
  ["?token={tokA}", "A"],
  ["?authToken={tokA}&token={tokA}", "A"],
  ["?authToken=&token={tokA}", "A"],
  ["?id=&authToken={tokB}&entity=&state=", "B"],
  ["?authToken=&id={idB}", "B"],
  ["?token=&authToken=&id={idA}", "A"],
  ["?id={idA}&id={idA}", "A"],
  ["?id={idA}&id=", "A"],
  ["?authToken=&token={tokA}&id={idB}", null],
  ["?authToken={tokA}&id={idB}", null],
  ["?token={tokB}&id={idA}", null],
  ["?authToken={tokA}&id={idA}", null],
  ["?authToken={tokA}&token={tokB}", null],
  ["?authToken={tokA}&authToken={tokB}", null],
  ["?id={idA}&id={idB}", null],
  ["?authToken=&token=&id=", null],
  ["?authToken=forged&id=", null],
];

describe.each(testBackends())("the /link page and the session it opens (%s)", (_, backend) => {
  let ctx: TestContext;
  let values: Record<string, string>;
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false, linkDistDir: "/nonexistent" });
    const startToken = async (app: TestApp) => {
      const res = await ctx.request("POST", "/api/v1/commands/connections/start-flow", {
        token: await ctx.login(app),
        body: { id: app.redirects[0]?.id, product: "TRANSACTIONS" },
      });
      return ((await res.json()) as { token: string }).token;
    };
    values = {
      tokA: await startToken(ctx.appA),
      tokB: await startToken(ctx.appB),
      idA: ctx.appA.redirects[0]?.id ?? "",
      idB: ctx.appB.redirects[0]?.id ?? "",
    };
  });
  afterAll(() => ctx?.close());

  const fill = (query: string) => query.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? name);
  const origins: Record<"A" | "B", string> = {
    A: "https://app-a.example http://localhost:4020",
    B: "https://app-b.example",
  };
  const names: Record<string, Names> = { "App A": "A", "App B": "B" };

  /** The app the page lets frame it: the one whose origins fill `frame-ancestors`. */
  const pageNames = async (query: string): Promise<Names | "other"> => {
    const res = await ctx.request("GET", `/link${query}`);
    const sources = /frame-ancestors ([^;]+)/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    if (sources === "'none'") return null;
    return sources === origins.A ? "A" : sources === origins.B ? "B" : "other";
  };

  /** The app whose session the widget opens for the URL: it sends what the shared parse reads, or nothing. */
  const sessionNames = async (query: string): Promise<Names | "other"> => {
    const start = parseLinkStart(new URLSearchParams(query));
    if (start.kind === "error") return null;
    const res = await ctx.request("POST", "/api/v1/link/sessions", { body: linkSessionRequest(start) });
    if (res.status !== 201) return null;
    return names[((await res.json()) as { app: { name: string } }).app.name] ?? "other";
  };

  const labelled = CASES.map(([query, app]) => [query, app ? `app ${app}` : "no app", app] as const);
  it.each(labelled)("%s names %s, to the page and to the session alike", async (template, _label, expected) => {
    const query = fill(template);
    expect(await pageNames(query)).toBe(expected);
    expect(await sessionNames(query)).toBe(expected);
  });
});
