import { describe, expect, it } from "vitest";
import { blockedRange, checkWebhookUrl, type LookupAll, resolveTarget, TargetRefusedError } from "./target";

// Each blocked range with the addresses just outside it (public) and its first and last addresses.
const IPV4_BOUNDARIES: [
  range: string,
  outsideBelow: string | null,
  first: string,
  last: string,
  outsideAbove: string,
][] = [
  ["unspecified/this network (0.0.0.0/8)", null, "0.0.0.0", "0.255.255.255", "1.0.0.0"],
  ["private (10.0.0.0/8)", "9.255.255.255", "10.0.0.0", "10.255.255.255", "11.0.0.0"],
  ["CGNAT shared address space (100.64.0.0/10)", "100.63.255.255", "100.64.0.0", "100.127.255.255", "100.128.0.0"],
  ["loopback (127.0.0.0/8)", "126.255.255.255", "127.0.0.0", "127.255.255.255", "128.0.0.0"],
  ["link-local (169.254.0.0/16)", "169.253.255.255", "169.254.0.0", "169.254.255.255", "169.255.0.0"],
  ["private (172.16.0.0/12)", "172.15.255.255", "172.16.0.0", "172.31.255.255", "172.32.0.0"],
  ["IETF protocol assignments (192.0.0.0/24)", "191.255.255.255", "192.0.0.0", "192.0.0.255", "192.0.1.0"],
  ["documentation (192.0.2.0/24)", "192.0.1.255", "192.0.2.0", "192.0.2.255", "192.0.3.0"],
  ["6to4 relay anycast (192.88.99.0/24)", "192.88.98.255", "192.88.99.0", "192.88.99.255", "192.88.100.0"],
  ["private (192.168.0.0/16)", "192.167.255.255", "192.168.0.0", "192.168.255.255", "192.169.0.0"],
  ["benchmarking (198.18.0.0/15)", "198.17.255.255", "198.18.0.0", "198.19.255.255", "198.20.0.0"],
  ["documentation (198.51.100.0/24)", "198.51.99.255", "198.51.100.0", "198.51.100.255", "198.51.101.0"],
  ["documentation (203.0.113.0/24)", "203.0.112.255", "203.0.113.0", "203.0.113.255", "203.0.114.0"],
  ["multicast (224.0.0.0/4)", "223.255.255.255", "224.0.0.0", "239.255.255.255", "240.0.0.0"],
];

const IPV6_BOUNDARIES: [range: string, outsideBelow: string, first: string, last: string, outsideAbove: string][] = [
  [
    "NAT64 (64:ff9b::/96)",
    "64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff",
    "64:ff9b::",
    "64:ff9b::ffff:ffff",
    "64:ff9b::1:0:0",
  ],
  [
    "NAT64 (local use) (64:ff9b:1::/48)",
    "64:ff9b:0:ffff:ffff:ffff:ffff:ffff",
    "64:ff9b:1::",
    "64:ff9b:1:0:ffff:ffff:ffff:ffff",
    "64:ff9b:2::",
  ],
  [
    "discard-only (100::/64)",
    "ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "100::",
    "100::ffff:ffff:ffff:ffff",
    "100:0:0:1::",
  ],
  [
    "Teredo (2001::/32)",
    "2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "2001::",
    "2001:0:ffff:ffff:ffff:ffff:ffff:ffff",
    "2001:1::",
  ],
  [
    "IETF protocol assignments (2001::/23)",
    "2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "2001:1::",
    "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff",
    "2001:200::",
  ],
  [
    "documentation (2001:db8::/32)",
    "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff",
    "2001:db8::",
    "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
    "2001:db9::",
  ],
  [
    "6to4 (2002::/16)",
    "2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "2002::",
    "2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "2003::",
  ],
  [
    "documentation (3fff::/20)",
    "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "3fff::",
    "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff",
    "3fff:1000::",
  ],
  [
    "unique local (fc00::/7)",
    "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "fc00::",
    "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "fe00::",
  ],
  [
    "link-local (fe80::/10)",
    "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "fe80::",
    "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "fec0::",
  ],
];

describe("blockedRange: IPv4", () => {
  it.each(IPV4_BOUNDARIES)("%s: both ends inside, the neighbours outside", (range, below, first, last, above) => {
    expect(blockedRange(first)).toBe(range);
    expect(blockedRange(last)).toBe(range);
    // A neighbour may fall in another range (1.0.0.0 does not, 192.0.1.255 and 240.0.0.0 do): not in this one.
    if (below) expect(blockedRange(below)).not.toBe(range);
    expect(blockedRange(above)).not.toBe(range);
  });

  it.each([
    "1.0.0.0",
    "9.255.255.255",
    "11.0.0.0",
    "100.63.255.255",
    "100.128.0.0",
    "126.255.255.255",
    "128.0.0.0",
    "172.15.255.255",
    "172.32.0.0",
    "192.0.1.0",
    "192.167.255.255",
    "192.169.0.0",
    "198.17.255.255",
    "198.20.0.0",
    "223.255.255.255",
    "8.8.8.8",
    "93.184.216.34",
  ])("%s is public", (ip) => {
    expect(blockedRange(ip)).toBeNull();
  });

  it("refuses 240/4 as reserved and 255.255.255.255 as broadcast", () => {
    expect(blockedRange("240.0.0.0")).toBe("reserved (240.0.0.0/4)");
    expect(blockedRange("255.255.255.254")).toBe("reserved (240.0.0.0/4)");
    expect(blockedRange("255.255.255.255")).toBe("broadcast (255.255.255.255/32)");
  });
});

describe("blockedRange: IPv6", () => {
  it.each(IPV6_BOUNDARIES)("%s: both ends inside, the neighbours outside", (range, below, first, last, above) => {
    expect(blockedRange(first)).toBe(range);
    expect(blockedRange(last)).toBe(range);
    expect(blockedRange(below)).not.toBe(range);
    expect(blockedRange(above)).not.toBe(range);
  });

  it.each([
    ["::", "unspecified (::/128)"],
    ["0:0:0:0:0:0:0:0", "unspecified (::/128)"],
    ["::1", "loopback (::1/128)"],
    ["0000:0000:0000:0000:0000:0000:0000:0001", "loopback (::1/128)"],
    ["[::1]", "loopback (::1/128)"],
    ["::2", "IPv4-compatible (::/96)"],
    ["::127.0.0.1", "IPv4-compatible (::/96)"],
    ["::ffff:ffff", "IPv4-compatible (::/96)"],
    ["::ffff:127.0.0.1", "IPv4-mapped (::ffff:0:0/96)"],
    ["::FFFF:7F00:1", "IPv4-mapped (::ffff:0:0/96)"],
    ["0:0:0:0:0:ffff:7f00:1", "IPv4-mapped (::ffff:0:0/96)"],
    // Refused whatever the embedded IPv4 address: a public one too.
    ["::ffff:8.8.8.8", "IPv4-mapped (::ffff:0:0/96)"],
    ["::ffff:0:8.8.8.8", "IPv4-translated (::ffff:0:0:0/96)"],
    ["64:ff9b::127.0.0.1", "NAT64 (64:ff9b::/96)"],
    ["64:FF9B::8.8.8.8", "NAT64 (64:ff9b::/96)"],
    ["2002:7f00:1::", "6to4 (2002::/16)"],
    ["fe80::1%eth0", "link-local (fe80::/10)"],
    ["FE80::1%25", "link-local (fe80::/10)"],
    ["fe80::%eth0", "link-local (fe80::/10)"],
    ["::ffff:127.0.0.1%lo", "IPv4-mapped (::ffff:0:0/96)"],
    ["fd12:3456:789a::1", "unique local (fc00::/7)"],
    ["ff02::1", "multicast (ff00::/8)"],
    ["ff00::", "multicast (ff00::/8)"],
    ["feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "reserved (outside 2000::/3)"],
    ["fec0::1", "reserved (outside 2000::/3)"],
    ["1::", "reserved (outside 2000::/3)"],
    ["4000::", "reserved (outside 2000::/3)"],
    ["1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "reserved (outside 2000::/3)"],
  ])("%s is %s", (ip, range) => {
    expect(blockedRange(ip)).toBe(range);
  });

  it("keeps the IPv4-embedding ranges apart: ::ffff:0:0/96 ends where ::1:0:0:0 starts", () => {
    expect(blockedRange("::fffe:ffff:ffff")).toBe("reserved (outside 2000::/3)");
    expect(blockedRange("::ffff:0:0")).toBe("IPv4-mapped (::ffff:0:0/96)");
    expect(blockedRange("::ffff:ffff:ffff")).toBe("IPv4-mapped (::ffff:0:0/96)");
    expect(blockedRange("::1:0:0:0")).toBe("reserved (outside 2000::/3)");
    expect(blockedRange("::1:0:0")).toBe("reserved (outside 2000::/3)");
    expect(blockedRange("::ffff:ffff")).toBe("IPv4-compatible (::/96)");
  });

  it.each([
    "2000::",
    "2001:200::",
    "2001:4860:4860::8888",
    "2606:4700:4700::1111",
    "2A00:1450:4001:81C::200E",
    "2003::",
    "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "3fff:1000::",
    "2001:db9::",
    "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff",
  ])("%s is public", (ip) => {
    expect(blockedRange(ip)).toBeNull();
  });

  it("answers 'not an IP address' for anything else, so a careless caller fails closed", () => {
    for (const text of ["", "localhost", "0177.0.0.1", "1.2.3", "2130706433", "::g", "1.2.3.4.5", "256.0.0.1"]) {
      expect(blockedRange(text), text).toBe("not an IP address");
    }
  });
});

const strict = { allowPrivate: false, requireHttps: true };
const sandbox = { allowPrivate: true, requireHttps: false };
const httpOk = { allowPrivate: false, requireHttps: false };

describe("checkWebhookUrl", () => {
  it("accepts an absolute https URL with a port, a path and a query", () => {
    expect(checkWebhookUrl("https://hooks.example.com:8443/finlink?tenant=4", strict)).toBeNull();
    expect(checkWebhookUrl("https://8.8.8.8/hook", strict)).toBeNull();
  });

  it("requires https when told to, and http otherwise", () => {
    expect(checkWebhookUrl("http://hooks.example.com/", strict)).toBe(
      "the webhook URL for hooks.example.com must use https",
    );
    expect(checkWebhookUrl("http://hooks.example.com/", httpOk)).toBeNull();
  });

  it.each([
    ["/relative/hook", "the webhook URL is not an absolute URL"],
    ["hooks.example.com/hook", "the webhook URL is not an absolute URL"],
    ["ftp://hooks.example.com/", "the webhook URL must be http(s)"],
    ["javascript:alert(1)", "the webhook URL must be http(s)"],
    ["file:///etc/passwd", "the webhook URL must be http(s)"],
    ["https://user:pass@hooks.example.com/", "the webhook URL must not carry a user name or password"],
    ["https://hooks.example.com@10.0.0.1/", "the webhook URL must not carry a user name or password"],
    ["https://hooks.example.com/#frag", "the webhook URL must not have a fragment"],
    ["https://hooks.example.com/#", "the webhook URL must not have a fragment"],
    [" https://hooks.example.com/", "the webhook URL contains spaces or control characters"],
    ["https://hooks.exa\tmple.com/", "the webhook URL contains spaces or control characters"],
    ["https://hooks.example.com/\n", "the webhook URL contains spaces or control characters"],
  ])("refuses %j", (url, reason) => {
    expect(checkWebhookUrl(url, sandbox)).toBe(reason);
  });

  it("allows 2048 characters and refuses 2049", () => {
    const base = "https://hooks.example.com/";
    const at = (length: number) => base + "a".repeat(length - base.length);
    expect(checkWebhookUrl(at(2048), strict)).toBeNull();
    expect(checkWebhookUrl(at(2049), strict)).toBe("the webhook URL is longer than 2048 characters");
  });

  it.each([
    ["https://127.0.0.1/", "loopback (127.0.0.0/8)"],
    // The URL parser turns every IPv4 spelling into dotted decimal before we look.
    ["https://2130706433/", "loopback (127.0.0.0/8)"],
    ["https://0x7f.1/", "loopback (127.0.0.0/8)"],
    ["https://0177.0.0.1/", "loopback (127.0.0.0/8)"],
    ["https://0/", "unspecified/this network (0.0.0.0/8)"],
    ["https://[::1]/", "loopback (::1/128)"],
    ["https://[::FFFF:127.0.0.1]/", "IPv4-mapped (::ffff:0:0/96)"],
    ["https://[64:ff9b::a9fe:a9fe]/", "NAT64 (64:ff9b::/96)"],
    ["https://169.254.169.254/latest/meta-data/", "link-local (169.254.0.0/16)"],
    ["https://10.1.2.3:8443/hook?x=1", "private (10.0.0.0/8)"],
    ["https://localhost:3000/hook", "loopback (localhost)"],
    ["https://LOCALHOST./hook", "loopback (localhost)"],
    ["https://api.localhost/hook", "loopback (localhost)"],
  ])("refuses %s as %s unless private addresses are allowed", (url, range) => {
    const host = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");
    expect(checkWebhookUrl(url, strict)).toBe(`the webhook host ${host} is a blocked address: ${range}`);
    expect(checkWebhookUrl(url, { allowPrivate: true, requireHttps: true })).toBeNull();
  });

  it("does not take names that merely contain localhost for loopback", () => {
    expect(checkWebhookUrl("https://localhost.example.com/", strict)).toBeNull();
    expect(checkWebhookUrl("https://mylocalhost/", strict)).toBeNull();
  });
});

/** A lookup stub answering `answers` in turn (the last one again once they run out), counting calls. */
function stubLookup(...answers: string[][]): LookupAll & { calls: string[] } {
  const calls: string[] = [];
  const lookup = async (host: string) => {
    calls.push(host);
    const addresses = answers[Math.min(calls.length, answers.length) - 1] ?? [];
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return Object.assign(lookup, { calls });
}

async function refusal(promise: Promise<unknown>): Promise<TargetRefusedError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TargetRefusedError);
  return error as TargetRefusedError;
}

describe("resolveTarget", () => {
  it("returns the first address the name resolves to, in the resolver's order", async () => {
    const lookup = stubLookup(["2606:4700::1", "93.184.216.34"]);
    const target = await resolveTarget("https://hooks.example.com/hook?a=1", { ...strict, lookup });
    expect(target).toMatchObject({ address: "2606:4700::1", family: 6 });
    expect(target.url.href).toBe("https://hooks.example.com/hook?a=1");
    expect(lookup.calls).toEqual(["hooks.example.com"]);
  });

  it("refuses a name when any of its addresses is blocked, wherever it is in the answer", async () => {
    for (const answer of [
      ["93.184.216.34", "127.0.0.1"],
      ["127.0.0.1", "93.184.216.34"],
      ["93.184.216.34", "2606:4700::1", "::ffff:10.0.0.1"],
    ]) {
      const error = await refusal(
        resolveTarget("https://rebind.example/hook?secret=s3cr3t", { ...strict, lookup: stubLookup(answer) }),
      );
      expect(error.reason).toBe("BLOCKED_ADDRESS");
      expect(error.message).toMatch(/^the webhook host rebind\.example resolves to a blocked address: /);
      // Neither the query string nor the internal address reaches the integrator's attempt log.
      expect(error.message).not.toContain("s3cr3t");
      expect(error.message).not.toMatch(/127\.0\.0\.1|10\.0\.0\.1/);
    }
  });

  it("resolves once: a name that answers public first and loopback later is checked on what it is connected to", async () => {
    const lookup = stubLookup(["93.184.216.34"], ["127.0.0.1"]);
    const target = await resolveTarget("https://rebind.example/", { ...strict, lookup });
    expect(target.address).toBe("93.184.216.34");
    expect(lookup.calls).toHaveLength(1);
    // The next attempt resolves again and is refused on the new answer.
    expect((await refusal(resolveTarget("https://rebind.example/", { ...strict, lookup }))).reason).toBe(
      "BLOCKED_ADDRESS",
    );
  });

  it("lets private addresses through when allowed (sandbox, self-hosters)", async () => {
    const lookup = stubLookup(["127.0.0.1", "::1"]);
    const target = await resolveTarget("http://receiver.test:4000/", { ...sandbox, lookup });
    expect(target).toMatchObject({ address: "127.0.0.1", family: 4 });
  });

  it("does not resolve an IP literal", async () => {
    const lookup = stubLookup(["127.0.0.1"]);
    expect(await resolveTarget("https://[2606:4700::1]:8443/", { ...strict, lookup })).toMatchObject({
      address: "2606:4700::1",
      family: 6,
    });
    expect(await resolveTarget("http://127.0.0.1:4000/", { ...sandbox, lookup })).toMatchObject({
      address: "127.0.0.1",
      family: 4,
    });
    expect(lookup.calls).toEqual([]);
  });

  it("refuses what checkWebhookUrl refuses, with its reason, before resolving", async () => {
    const lookup = stubLookup(["93.184.216.34"]);
    expect((await refusal(resolveTarget("http://hooks.example.com/", { ...strict, lookup }))).reason).toBe(
      "HTTPS_REQUIRED",
    );
    expect((await refusal(resolveTarget("https://u:p@hooks.example.com/", { ...strict, lookup }))).reason).toBe(
      "INVALID_URL",
    );
    expect((await refusal(resolveTarget("https://10.0.0.1/", { ...strict, lookup }))).reason).toBe("BLOCKED_ADDRESS");
    expect((await refusal(resolveTarget("https://localhost/", { ...strict, lookup }))).reason).toBe("BLOCKED_ADDRESS");
    expect(lookup.calls).toEqual([]);
  });

  it("reports a name that does not resolve, or resolves to nothing usable, as DNS_FAILURE", async () => {
    const failing: LookupAll = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.example"), { code: "ENOTFOUND" });
    };
    const notFound = await refusal(resolveTarget("https://nowhere.example/?k=v", { ...strict, lookup: failing }));
    expect(notFound).toMatchObject({
      reason: "DNS_FAILURE",
      message: "the webhook host nowhere.example did not resolve (ENOTFOUND)",
    });
    const empty = await refusal(resolveTarget("https://empty.example/", { ...strict, lookup: stubLookup([]) }));
    expect(empty.reason).toBe("DNS_FAILURE");
    const junk = await refusal(resolveTarget("https://junk.example/", { ...sandbox, lookup: stubLookup(["nope"]) }));
    expect(junk.reason).toBe("DNS_FAILURE");
  });

  it("uses the system resolver by default", async () => {
    const target = await resolveTarget("http://localhost:1/", sandbox);
    expect(blockedRange(target.address)).toMatch(/^loopback/);
  });
});
