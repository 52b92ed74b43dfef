import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { clientAddress, normaliseAddress } from "./client-address";

/** What `clientAddress` answers for a request with these headers and this socket peer. */
async function addressOf(trustedProxies: number, headers: Record<string, string>, peer?: string) {
  const app = new Hono();
  app.get("/", (c) => c.json({ address: clientAddress(c, trustedProxies) }));
  const env = peer ? { incoming: { socket: { remoteAddress: peer } } } : undefined;
  const res = await app.request("/", { headers }, env);
  return ((await res.json()) as { address: string | null }).address;
}

describe("clientAddress", () => {
  it("is the socket's peer when no proxy is trusted: a forged X-Forwarded-For changes nothing", async () => {
    expect(await addressOf(0, { "X-Forwarded-For": "203.0.113.9" }, "198.51.100.4")).toBe("198.51.100.4");
    expect(await addressOf(0, {})).toBeNull();
  });

  it("is what the outermost trusted proxy saw, never what the client wrote left of it", async () => {
    const header = { "X-Forwarded-For": "10.0.0.1, 203.0.113.9, 192.0.2.7" };
    expect(await addressOf(1, header, "127.0.0.1")).toBe("192.0.2.7");
    expect(await addressOf(2, header, "127.0.0.1")).toBe("203.0.113.9");
    expect(await addressOf(4, header, "127.0.0.1")).toBeNull();
    expect(await addressOf(1, {}, "127.0.0.1")).toBeNull();
  });
});

describe("normaliseAddress", () => {
  it("keeps IPv4, unwraps IPv4-mapped IPv6, and counts IPv6 by its /64", () => {
    expect(normaliseAddress("192.0.2.7")).toBe("192.0.2.7");
    expect(normaliseAddress("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(normaliseAddress("2001:db8:0:1:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:0:1::/64");
    expect(normaliseAddress("2001:DB8:0:1::5")).toBe("2001:db8:0:1::/64");
    expect(normaliseAddress("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(normaliseAddress("::1")).toBe("0:0:0:0::/64");
  });
});
