import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { clientAddress, parseAddress } from "./client-address";

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
    expect(await addressOf(0, { "X-Forwarded-For": "203.0.113.9" }, "::ffff:198.51.100.4")).toBe("198.51.100.4");
    expect(await addressOf(0, {})).toBeNull();
  });

  it("is what the outermost trusted proxy saw, never what the client wrote left of it", async () => {
    const header = { "X-Forwarded-For": "10.0.0.1, 203.0.113.9, 192.0.2.7:51234" };
    expect(await addressOf(1, header, "127.0.0.1")).toBe("192.0.2.7");
    expect(await addressOf(2, header, "127.0.0.1")).toBe("203.0.113.9");
  });

  it("falls back to the socket's peer for a header too short for the chain or an entry that is no address", async () => {
    expect(await addressOf(4, { "X-Forwarded-For": "10.0.0.1, 203.0.113.9" }, "127.0.0.1")).toBe("127.0.0.1");
    expect(await addressOf(1, {}, "198.51.100.4")).toBe("198.51.100.4");
    expect(await addressOf(1, { "X-Forwarded-For": "unknown" }, "198.51.100.4")).toBe("198.51.100.4");
  });
});

describe("parseAddress", () => {
  it("drops ports and brackets, unwraps IPv4-mapped IPv6 in any spelling, and counts IPv6 by its /64", () => {
    expect(parseAddress("192.0.2.7")).toBe("192.0.2.7");
    expect(parseAddress("192.0.2.7:8080")).toBe("192.0.2.7");
    expect(parseAddress("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(parseAddress("0:0:0:0:0:ffff:c000:207")).toBe("192.0.2.7");
    expect(parseAddress("2001:db8:0:1:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:0:1::/64");
    expect(parseAddress("[2001:DB8:0:1::5]:443")).toBe("2001:db8:0:1::/64");
    expect(parseAddress("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(parseAddress("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(parseAddress("::1")).toBe("0:0:0:0::/64");
  });

  it("refuses what is not an address", () => {
    for (const text of ["", "unknown", "_hidden", "999.1.1.1", "1.2.3", "2001:db8::g"]) {
      expect(parseAddress(text)).toBeNull();
    }
  });
});
