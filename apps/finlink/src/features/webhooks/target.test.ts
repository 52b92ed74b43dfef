import { describe, expect, it } from "vitest";
import { blockedRange, checkWebhookUrl, type LookupAll, resolveTarget, TargetRefusedError } from "./target";

const strict = { allowPrivate: false, requireHttps: true };
const lookupOf =
  (...addresses: string[]): LookupAll =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("the SSRF guard's address ranges", () => {
  it.each([
    // [last public before, first blocked, last blocked, first public after]
    ["9.255.255.255", "10.0.0.0", "10.255.255.255", "11.0.0.0"],
    ["100.63.255.255", "100.64.0.0", "100.127.255.255", "100.128.0.0"],
    ["126.255.255.255", "127.0.0.0", "127.255.255.255", "128.0.0.0"],
    ["169.253.255.255", "169.254.0.0", "169.254.255.255", "169.255.0.0"],
    ["172.15.255.255", "172.16.0.0", "172.31.255.255", "172.32.0.0"],
    ["192.167.255.255", "192.168.0.0", "192.168.255.255", "192.169.0.0"],
    ["198.17.255.255", "198.18.0.0", "198.19.255.255", "198.20.0.0"],
    ["223.255.255.255", "224.0.0.0", "239.255.255.255", null],
    ["1.0.0.0", "0.0.0.0", "0.255.255.255", "1.0.0.1"],
    ["192.0.1.255", "192.0.2.0", "192.0.2.255", "192.0.3.0"],
    ["203.0.112.255", "203.0.113.0", "203.0.113.255", "203.0.114.0"],
    ["fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fc00::", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fe00::"],
    ["fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fe80::", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", null],
    ["64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff", "64:ff9b::", "64:ff9b::ffff:ffff", "64:ff9b::1:0:0"],
    ["2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db9::"],
  ])("%s public | %s … %s blocked | %s public", (before, first, last, after) => {
    expect(blockedRange(before)).toBeNull();
    expect(blockedRange(first)).not.toBeNull();
    expect(blockedRange(last)).not.toBeNull();
    if (after) expect(blockedRange(after)).toBeNull();
  });

  it.each([
    ["127.0.0.1", "loopback"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["255.255.255.255", "reserved"],
    ["240.0.0.1", "reserved"],
    ["192.0.0.8", "IETF"],
    ["::ffff:127.0.0.1", "IPv4-mapped"],
    ["::ffff:8.8.8.8", "IPv4-mapped"],
    ["::ffff:7f00:1", "IPv4-mapped"],
    ["::127.0.0.1", "IPv4-compatible"],
    ["64:ff9b::7f00:1", "NAT64"],
    ["64:ff9b:1::1", "NAT64"],
    ["2002:7f00:1::", "6to4"],
    ["2001:0:4136:e378::1", "Teredo"],
    ["100::1", "discard"],
    ["FE80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["[::1]", "loopback"],
    ["ff02::1", "multicast"],
    ["fec0::1", "site-local"],
  ])("%s is %s", (ip, name) => {
    expect(blockedRange(ip)).toContain(name);
  });

  it.each(["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001::1", "not an ip"])(
    "%s is not blocked",
    (ip) => {
      expect(blockedRange(ip)).toBeNull();
    },
  );
});

describe("checking a webhook URL", () => {
  it.each([
    ["ftp://a.example/x", /http\(s\)/],
    ["/relative", /absolute/],
    ["http://a.example/x", /https/],
    ["https://user:pw@a.example/x", /credentials/],
    ["https://a.example/x#frag", /fragment/],
    [`https://a.example/${"x".repeat(2048)}`, /longer than 2048/],
    ["https://localhost/x", /loopback/],
    ["https://api.localhost/x", /loopback/],
    ["https://127.0.0.1/x", /loopback/],
    ["https://[::ffff:10.0.0.1]/x", /IPv4-mapped/],
    ["https://169.254.169.254/latest/meta-data", /link-local/],
  ])("refuses %s", (url, message) => {
    expect(checkWebhookUrl(url, strict)).toMatch(message);
  });

  it("accepts a public https URL, and http and private hosts only when allowed", () => {
    expect(checkWebhookUrl("https://app.example/webhooks", strict)).toBeNull();
    expect(checkWebhookUrl("https://93.184.216.34/webhooks", strict)).toBeNull();
    expect(checkWebhookUrl("http://app.example/webhooks", { ...strict, requireHttps: false })).toBeNull();
    expect(checkWebhookUrl("http://localhost:4020/webhooks", { allowPrivate: true, requireHttps: false })).toBeNull();
    expect(checkWebhookUrl("https://10.1.2.3/webhooks", { allowPrivate: true, requireHttps: true })).toBeNull();
  });
});

describe("resolving a webhook target", () => {
  const refused = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TargetRefusedError);
    return error as TargetRefusedError;
  };

  it("answers the first address of a name that resolves only to public ones", async () => {
    const target = await resolveTarget("https://hooks.example/x", {
      ...strict,
      lookup: lookupOf("93.184.216.34", "2606:2800::1"),
    });
    expect(target).toMatchObject({ address: "93.184.216.34", family: 4 });
    expect(target.url.hostname).toBe("hooks.example");
  });

  it("refuses a name when any of its addresses is private, whatever the order", async () => {
    for (const lookup of [lookupOf("93.184.216.34", "10.0.0.5"), lookupOf("10.0.0.5", "93.184.216.34")]) {
      const error = await refused(resolveTarget("https://rebind.example/x", { ...strict, lookup }));
      expect(error.reason).toBe("BLOCKED_ADDRESS");
      expect(error.message).toContain("10.0.0.5");
    }
    const mapped = await refused(
      resolveTarget("https://m.example/", { ...strict, lookup: lookupOf("::ffff:169.254.169.254") }),
    );
    expect(mapped.message).toMatch(/IPv4-mapped/);
    const nat64 = await refused(resolveTarget("https://n.example/", { ...strict, lookup: lookupOf("64:ff9b::a00:1") }));
    expect(nat64.message).toMatch(/NAT64/);
  });

  it("lets private addresses through when allowed", async () => {
    const target = await resolveTarget("http://localhost:4020/x", {
      allowPrivate: true,
      requireHttps: false,
      lookup: lookupOf("127.0.0.1"),
    });
    expect(target.address).toBe("127.0.0.1");
  });

  it("says when the name does not resolve, and never echoes the query string", async () => {
    const failing: LookupAll = async () => {
      throw Object.assign(new Error("nope"), { code: "ENOTFOUND" });
    };
    const error = await refused(resolveTarget("https://gone.example/x?secret=1", { ...strict, lookup: failing }));
    expect(error.reason).toBe("DNS_FAILURE");
    expect(error.message).toContain("ENOTFOUND");
    expect(error.message).not.toContain("secret");
    expect((await refused(resolveTarget("https://empty.example/", { ...strict, lookup: lookupOf() }))).reason).toBe(
      "DNS_FAILURE",
    );
    expect((await refused(resolveTarget("http://a.example/", strict))).reason).toBe("HTTPS_REQUIRED");
    expect((await refused(resolveTarget("nope", strict))).reason).toBe("INVALID_URL");
  });

  it("checks an IP literal without DNS", async () => {
    const lookup: LookupAll = async () => {
      throw new Error("no DNS for a literal");
    };
    expect((await refused(resolveTarget("https://[::1]/x", { ...strict, lookup }))).reason).toBe("BLOCKED_ADDRESS");
    expect(await resolveTarget("https://93.184.216.34/x", { ...strict, lookup })).toMatchObject({ family: 4 });
  });
});
