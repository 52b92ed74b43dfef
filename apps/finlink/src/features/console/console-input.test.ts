import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apps } from "../../db/schema";
import { testBackends } from "../../testing/backends";
import { createTestContext, type TestContext } from "../../testing/test-context";
import { consoleClient } from "./console.testing";
import { consoleOrigin } from "./console-session";
import { signIn } from "./operators.service";

// Junk input the attack on the console found answered 500 or stored (stop 26): each is now a 400 with words.
describe.each(testBackends())("console input on %s", (_name, backend) => {
  let ctx: TestContext;
  let client: ReturnType<typeof consoleClient>;
  let op: Awaited<ReturnType<ReturnType<typeof consoleClient>["operator"]>>;
  beforeAll(async () => {
    ctx = await createTestContext({ backend, workers: false });
    client = consoleClient(ctx);
    op = await client.operator();
  });
  afterAll(() => ctx.close());

  const nameOf = async (id: string) =>
    (await ctx.services.database.db.select({ name: apps.name }).from(apps).where(eq(apps.id, id)))[0]?.name;

  it("a sign-in with a control character in any field is a 400 page, not a 500, and logs no error", async () => {
    const errors = vi.spyOn(ctx.services.logger, "error");
    try {
      for (const form of [
        { username: "ab\u0000c", password: "x" },
        { username: `\u0000${"A".repeat(5000)}`, password: "x" },
        { username: "someone", password: "pass\u0007word" },
      ]) {
        const res = await client.request("POST", "/console/sign-in", { form });
        expect(res.status, JSON.stringify(form).slice(0, 40)).toBe(400);
        const html = await res.text();
        expect(html).toContain("control character");
        expect(html).not.toContain("AAAAAAAAAA");
      }
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it("signIn treats a name no operator can have as unknown (a NUL is not sent to the database, where it fails)", async () => {
    for (const name of ["ab\u0000c", "x", "UPPER CASE", "a".repeat(65)]) {
      await expect(signIn(ctx.services.database, name, "any password at all", new Date()), name).resolves.toEqual({
        ok: false,
      });
    }
  });

  it("refuses control characters in an app's name when creating and renaming; the name stays", async () => {
    const created = await op.post("/console/apps", { name: "a\u0000b", redirectUri: "https://in.example/cb" });
    expect(created.status).toBe(400);
    const appId = ctx.appA.clientId;
    const before = await nameOf(appId);
    for (const name of ["a\u0000b\u0007c", "red\u001b[31mRED\u001b[0m", "line\r\nbreak", "c1\u0085"]) {
      const res = await op.post(`/console/apps/${appId}/name`, { name });
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(await res.text()).toContain('role="alert"');
    }
    expect(await nameOf(appId)).toBe(before);
    // The other side of the rule: a name with accents, an emoji and a right-to-left mark is a name.
    const fine = await op.post(`/console/apps/${appId}/name`, { name: "Café 💶 \u200f" });
    expect(fine.status).toBeLessThan(400);
    expect(await nameOf(appId)).toBe("Café 💶 \u200f");
  });

  it("a malformed multipart body is the 400 page on every form, with the CSRF token as a header too", async () => {
    for (const path of ["/console/apps", `/console/apps/${ctx.appA.clientId}/name`]) {
      for (const contentType of ["multipart/form-data; boundary=XX", "multipart/form-data"]) {
        const res = await ctx.consoleApp.request(path, {
          method: "POST",
          headers: {
            Cookie: `finlink_console=${op.cookie}`,
            Origin: consoleOrigin(ctx.config),
            "X-CSRF-Token": op.csrf,
            "Content-Type": contentType,
          },
          body: '--XX\r\nContent-Disposition: form-data; name="name"\r\n\r\nab',
        });
        expect(res.status, `${path} ${contentType}`).toBe(400);
      }
    }
  });

  it("the language switch links only to console paths, never to another site", async () => {
    const origin = consoleOrigin(ctx.config);
    for (const path of ["//evil.example/x", "/console//evil.example/x", "/%2F%2Fevil.example"]) {
      const res = await ctx.consoleApp.request(`${origin}${path}`, {
        headers: { Cookie: `finlink_console=${op.cookie}` },
      });
      const hrefs = [...(await res.text()).matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? "");
      expect(hrefs.filter((h) => h.includes("lang=")).length, path).toBe(2);
      const offPage = hrefs.filter((h) => !h.startsWith("#"));
      for (const href of offPage) expect(href.startsWith("/") && !href.startsWith("//"), `${path}: ${href}`).toBe(true);
      expect(
        hrefs.filter((h) => h.includes("evil")),
        path,
      ).toEqual([]);
    }
    // A console page keeps its own path in the switch.
    const settings = await (await op.get(`/console/apps/${ctx.appA.clientId}?x=1`)).text();
    expect(settings).toContain(`href="/console/apps/${ctx.appA.clientId}?lang=es"`);
  });

  it("recover with an unreadable date is a 400 with the error notice; a date is recovered", async () => {
    for (const since of ["garbage", "", "2026-13-45T10:00"]) {
      const res = await op.post(`/console/apps/${ctx.appA.clientId}/webhooks/recover`, { since });
      expect(res.status, since).toBe(400);
      expect(await res.text()).toMatch(/class="notice error" role="alert"/);
    }
    const ok = await op.post(`/console/apps/${ctx.appA.clientId}/webhooks/recover`, { since: "2026-01-01T00:00" });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/role="status"/);
  });
});
