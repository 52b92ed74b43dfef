import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * The SSRF guard of webhook delivery: a webhook URL is the app's to choose, so without it Finlink would
 * POST into its own network (a database's HTTP port, a cloud metadata service at 169.254.169.254, an
 * admin page on localhost). The host is resolved here and the request goes to the address checked
 * (`send.ts` pins it), so a name that resolves to a public address now and a private one a moment later
 * (DNS rebinding) gets nowhere.
 */

/** Ranges no webhook may reach unless private addresses are allowed, with the name an error shows. */
const RANGES: [string, number, "ipv4" | "ipv6", string][] = [
  ["0.0.0.0", 8, "ipv4", "this network (0.0.0.0/8)"],
  ["10.0.0.0", 8, "ipv4", "private (10.0.0.0/8)"],
  ["100.64.0.0", 10, "ipv4", "carrier-grade NAT (100.64.0.0/10)"],
  ["127.0.0.0", 8, "ipv4", "loopback (127.0.0.0/8)"],
  ["169.254.0.0", 16, "ipv4", "link-local (169.254.0.0/16)"],
  ["172.16.0.0", 12, "ipv4", "private (172.16.0.0/12)"],
  ["192.0.0.0", 24, "ipv4", "IETF protocol assignments (192.0.0.0/24)"],
  ["192.0.2.0", 24, "ipv4", "documentation (192.0.2.0/24)"],
  ["192.88.99.0", 24, "ipv4", "6to4 relay anycast (192.88.99.0/24)"],
  ["192.168.0.0", 16, "ipv4", "private (192.168.0.0/16)"],
  ["198.18.0.0", 15, "ipv4", "benchmarking (198.18.0.0/15)"],
  ["198.51.100.0", 24, "ipv4", "documentation (198.51.100.0/24)"],
  ["203.0.113.0", 24, "ipv4", "documentation (203.0.113.0/24)"],
  ["224.0.0.0", 4, "ipv4", "multicast (224.0.0.0/4)"],
  ["240.0.0.0", 4, "ipv4", "reserved (240.0.0.0/4, with broadcast)"],
  ["::", 128, "ipv6", "unspecified (::)"],
  ["::1", 128, "ipv6", "loopback (::1)"],
  ["::", 96, "ipv6", "IPv4-compatible (::/96)"],
  ["::ffff:0:0", 96, "ipv6", "IPv4-mapped (::ffff:0:0/96)"],
  ["64:ff9b::", 96, "ipv6", "NAT64 (64:ff9b::/96)"],
  ["64:ff9b:1::", 48, "ipv6", "local-use NAT64 (64:ff9b:1::/48)"],
  ["100::", 64, "ipv6", "discard (100::/64)"],
  ["2001::", 32, "ipv6", "Teredo (2001::/32)"],
  ["2001:db8::", 32, "ipv6", "documentation (2001:db8::/32)"],
  ["2002::", 16, "ipv6", "6to4 (2002::/16)"],
  ["fc00::", 7, "ipv6", "unique local (fc00::/7)"],
  ["fe80::", 10, "ipv6", "link-local (fe80::/10)"],
  ["fec0::", 10, "ipv6", "site-local (fec0::/10)"],
  ["ff00::", 8, "ipv6", "multicast (ff00::/8)"],
];

// One BlockList per range, so a refusal can name the range. BlockList compares IPv4 and IPv6 separately:
// an IPv4-mapped ::ffff:127.0.0.1 is checked as IPv6 and falls in ::ffff:0:0/96, refused as such.
const LISTS = RANGES.map(([network, prefix, family, name]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, family, name };
});

/** The reserved range an IP literal falls in, or null for a public unicast address (or not an IP). */
export function blockedRange(ip: string): string | null {
  const address = ip.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const version = isIP(address);
  if (version === 0) return null;
  const family = version === 4 ? "ipv4" : "ipv6";
  for (const { list, family: f, name } of LISTS) {
    if (f === family && list.check(address, family)) return name;
  }
  return null;
}

export interface TargetPolicy {
  allowPrivate: boolean;
  requireHttps: boolean;
}

export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface Target {
  url: URL;
  address: string;
  family: 4 | 6;
}

export type TargetRefusal = "INVALID_URL" | "HTTPS_REQUIRED" | "BLOCKED_ADDRESS" | "DNS_FAILURE";

export class TargetRefusedError extends Error {
  constructor(
    readonly reason: TargetRefusal,
    message: string,
  ) {
    super(message);
    this.name = "TargetRefusedError";
  }
}

const MAX_URL_LENGTH = 2048;
const isLocalhostName = (host: string) => host === "localhost" || host.endsWith(".localhost");

/** What is wrong with a webhook URL as configured (no DNS), or null. */
export function checkWebhookUrl(value: string, policy: TargetPolicy): string | null {
  return urlProblem(value, policy)?.message ?? null;
}

function urlProblem(value: string, policy: TargetPolicy): TargetRefusedError | null {
  const invalid = (message: string) => new TargetRefusedError("INVALID_URL", message);
  if (value.length > MAX_URL_LENGTH) return invalid(`The webhook URL is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return invalid("The webhook URL is not an absolute URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return invalid("The webhook URL must be http(s)");
  if (policy.requireHttps && url.protocol !== "https:") {
    return new TargetRefusedError("HTTPS_REQUIRED", "The webhook URL must use https outside sandbox mode");
  }
  if (url.username || url.password) return invalid("The webhook URL must not carry credentials");
  if (url.hash || value.includes("#")) return invalid("The webhook URL must not have a fragment");
  if (!url.hostname) return invalid("The webhook URL has no host");
  if (!policy.allowPrivate) {
    const host = url.hostname.toLowerCase();
    const range = isLocalhostName(host) ? "loopback (localhost)" : blockedRange(host);
    if (range) {
      return new TargetRefusedError(
        "BLOCKED_ADDRESS",
        `The webhook host ${url.hostname} is a ${range} address (FINLINK_WEBHOOK_ALLOW_PRIVATE allows it)`,
      );
    }
  }
  return null;
}

const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Checks the URL, resolves its host and answers the address to connect to. Refused when any address the
 * name resolves to is blocked: a name answering a public and a private address must not get through by
 * luck of the order.
 */
export async function resolveTarget(value: string, policy: TargetPolicy & { lookup?: LookupAll }): Promise<Target> {
  const problem = urlProblem(value, policy);
  if (problem) throw problem;
  const url = new URL(value);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const literal = isIP(host);
  let addresses: { address: string; family: number }[];
  if (literal) addresses = [{ address: host, family: literal }];
  else {
    try {
      addresses = await (policy.lookup ?? systemLookup)(host);
    } catch (error) {
      const code = (error as { code?: string }).code ?? "unknown error";
      throw new TargetRefusedError("DNS_FAILURE", `The webhook host ${url.hostname} did not resolve (${code})`);
    }
  }
  const first = addresses[0];
  if (!first) throw new TargetRefusedError("DNS_FAILURE", `The webhook host ${url.hostname} has no address`);
  if (!policy.allowPrivate) {
    for (const { address } of addresses) {
      const range = blockedRange(address);
      if (range) {
        throw new TargetRefusedError(
          "BLOCKED_ADDRESS",
          `The webhook host ${url.hostname} resolves to ${address}, a ${range} address (FINLINK_WEBHOOK_ALLOW_PRIVATE allows it)`,
        );
      }
    }
  }
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
