import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";

// Ranges a webhook must never reach: the sender runs inside Finlink's network, so a URL an integrator
// controls must not become a way to call our database, metadata service or admin ports (SSRF).
// A parser and a table instead of node:net's BlockList: BlockList matches IPv4 rules against IPv4-mapped
// IPv6 and IPv6 rules against plain IPv4 (an `::ffff:0:0/96` rule matches 1.2.3.4), so one list cannot
// name the range, and the table is what we test boundary by boundary. The first match names the range:
// 255.255.255.255 comes before 240/4, which holds it.
const IPV4_RANGES: [string, number, string][] = [
  ["0.0.0.0", 8, "unspecified/this network"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "CGNAT shared address space"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "IETF protocol assignments"],
  ["192.0.2.0", 24, "documentation"],
  ["192.88.99.0", 24, "6to4 relay anycast"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "benchmarking"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["255.255.255.255", 32, "broadcast"],
  ["240.0.0.0", 4, "reserved"],
];

// Most specific first (::1 before ::/96, Teredo before 2001::/23). Every range that embeds an IPv4 address
// (mapped, compatible, NAT64, 6to4, Teredo) is refused whatever that address is, so no spelling of
// 127.0.0.1 inside an IPv6 address gets through.
const IPV6_RANGES: [string, number, string][] = [
  ["::", 128, "unspecified"],
  ["::1", 128, "loopback"],
  ["::ffff:0:0", 96, "IPv4-mapped"],
  ["::ffff:0:0:0", 96, "IPv4-translated"],
  ["::", 96, "IPv4-compatible"],
  ["64:ff9b::", 96, "NAT64"],
  ["64:ff9b:1::", 48, "NAT64 (local use)"],
  ["100::", 64, "discard-only"],
  ["2001::", 32, "Teredo"],
  ["2001:db8::", 32, "documentation"],
  ["2001::", 23, "IETF protocol assignments"],
  ["2002::", 16, "6to4"],
  ["3fff::", 20, "documentation"],
  ["fc00::", 7, "unique local"],
  ["fe80::", 10, "link-local"],
  ["ff00::", 8, "multicast"],
];

interface Range {
  base: bigint;
  prefix: number;
  label: string;
}

function table(ranges: [string, number, string][], parse: (ip: string) => bigint | null): Range[] {
  return ranges.map(([ip, prefix, name]) => ({ base: parse(ip) ?? 0n, prefix, label: `${name} (${ip}/${prefix})` }));
}
const V4 = table(IPV4_RANGES, parseV4);
const V6 = table(IPV6_RANGES, parseV6);
// Only 2000::/3 is allocated as global unicast; whatever lies outside it and the ranges above is reserved.
const GLOBAL_UNICAST = { base: 1n << 125n, prefix: 3 };

/**
 * The range an IP literal falls in (its name and CIDR), or null for a public unicast address. Text that
 * is not an IP address answers "not an IP address", so a caller that forgets to check cannot let it by.
 * Accepts any IPv6 spelling: compressed, upper case, an embedded dotted quad, a zone id, brackets.
 * @example blockedRange("::FFFF:127.0.0.1") // "IPv4-mapped (::ffff:0:0/96)"
 */
export function blockedRange(ip: string): string | null {
  const text = ip.replace(/^\[(.*)\]$/, "$1").replace(/%[^%]*$/, "");
  const family = isIP(text);
  if (family === 4) return match(parseV4(text) ?? 0n, V4, 32);
  if (family !== 6) return "not an IP address";
  const value = parseV6(text) ?? 0n;
  const named = match(value, V6, 128);
  if (named) return named;
  return inPrefix(value, GLOBAL_UNICAST.base, GLOBAL_UNICAST.prefix, 128) ? null : "reserved (outside 2000::/3)";
}

function match(value: bigint, ranges: Range[], bits: number): string | null {
  return ranges.find((r) => inPrefix(value, r.base, r.prefix, bits))?.label ?? null;
}

function inPrefix(value: bigint, base: bigint, prefix: number, bits: number): boolean {
  const shift = BigInt(bits - prefix);
  return value >> shift === base >> shift;
}

function parseV4(text: string): bigint | null {
  const parts = text.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

/** A valid IPv6 address (no zone) as a 128-bit number; `::` expanded, an IPv4 tail as two groups. */
function parseV6(text: string): bigint | null {
  let lower = text.toLowerCase();
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (tail?.[1]) {
    const v4 = parseV4(tail[1]);
    if (v4 === null) return null;
    lower = `${lower.slice(0, tail.index)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = "", rest] = lower.split("::");
  const left = head ? head.split(":") : [];
  const right = rest ? rest.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (rest === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(rest === undefined ? 0 : missing).fill("0"), ...right];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}

export interface TargetPolicy {
  /** Let the sender reach private, loopback and other blocked addresses (self-hosters, sandbox mode). */
  allowPrivate: boolean;
  /** Refuse plain http (everywhere outside sandbox mode). */
  requireHttps: boolean;
}

export type LookupAll = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

/** Where a webhook goes: its URL, and the address that was checked, which is the one to connect to. */
export interface Target {
  url: URL;
  address: string;
  family: 4 | 6;
}

export type TargetRefusal = "INVALID_URL" | "HTTPS_REQUIRED" | "BLOCKED_ADDRESS" | "DNS_FAILURE";

/** A webhook URL the sender will not call. The message names the host, never the query string. */
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

/**
 * Why a webhook URL cannot be saved, or null when it can: the synchronous check for the CLI and the API.
 * It cannot see where a hostname resolves; `resolveTarget` checks that again before every attempt.
 * @example checkWebhookUrl("http://10.0.0.7/hook", { allowPrivate: false, requireHttps: false })
 * // "the webhook host 10.0.0.7 is a blocked address: private (10.0.0.0/8)"
 */
export function checkWebhookUrl(url: string, policy: TargetPolicy): string | null {
  const checked = inspect(url, policy);
  return checked instanceof TargetRefusedError ? checked.message : null;
}

/**
 * Checks a webhook URL and resolves its host once, refusing it when any address the name resolves to is
 * blocked (a name answering a public and a private address must not get through on the public one).
 * Connect to the returned `address` (postPinned does): resolving again could answer another address.
 */
export async function resolveTarget(url: string, policy: TargetPolicy & { lookup?: LookupAll }): Promise<Target> {
  const parsed = inspect(url, policy);
  if (parsed instanceof TargetRefusedError) throw parsed;
  const host = bareHost(parsed);
  const literal = familyOf(host);
  if (literal) return { url: parsed, address: host, family: literal === 4 ? 4 : 6 };
  let answers: readonly { address: string; family: number }[];
  try {
    answers = await (policy.lookup ?? systemLookup)(host);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new TargetRefusedError("DNS_FAILURE", `the webhook host ${host} did not resolve (${String(code ?? error)})`);
  }
  const first = answers[0];
  if (!first) throw new TargetRefusedError("DNS_FAILURE", `the webhook host ${host} resolved to no address`);
  for (const { address } of answers) {
    if (!familyOf(address)) {
      throw new TargetRefusedError("DNS_FAILURE", `the webhook host ${host} resolved to something not an address`);
    }
    const range = policy.allowPrivate ? null : blockedRange(address);
    // The range, not the address: on a split-horizon resolver the address would map our network for the
    // integrator who reads the attempt log.
    if (range) {
      throw new TargetRefusedError(
        "BLOCKED_ADDRESS",
        `the webhook host ${host} resolves to a blocked address: ${range}`,
      );
    }
  }
  return { url: parsed, address: first.address, family: familyOf(first.address) === 4 ? 4 : 6 };
}

/** 4, 6, or 0 for text that is not an address (a zone id allowed). */
function familyOf(address: string): number {
  return isIP(address.replace(/%[^%]*$/, ""));
}

// verbatim: the resolver's order, so `address` is the one the system would have tried first.
const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

function inspect(url: string, policy: TargetPolicy): URL | TargetRefusedError {
  const invalid = (why: string) => new TargetRefusedError("INVALID_URL", why);
  if (url.length > MAX_URL_LENGTH) return invalid(`the webhook URL is longer than ${MAX_URL_LENGTH} characters`);
  // The URL parser silently drops tabs and newlines and trims spaces: refuse them so what is saved is what is called.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (/[\s\u0000-\u001f\u007f]/.test(url)) return invalid("the webhook URL contains spaces or control characters");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return invalid("the webhook URL is not an absolute URL");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return invalid("the webhook URL must be http(s)");
  if (parsed.username || parsed.password) return invalid("the webhook URL must not carry a user name or password");
  // An empty fragment (`…/hook#`) leaves `hash` empty: look at the text.
  if (url.includes("#")) return invalid("the webhook URL must not have a fragment");
  const host = bareHost(parsed);
  if (policy.requireHttps && parsed.protocol !== "https:") {
    return new TargetRefusedError("HTTPS_REQUIRED", `the webhook URL for ${host} must use https`);
  }
  if (policy.allowPrivate) return parsed;
  const name = host.replace(/\.$/, "");
  // RFC 6761: every name under localhost is loopback, and resolvers may answer it without asking DNS.
  const localhost = name === "localhost" || name.endsWith(".localhost");
  const range = localhost ? "loopback (localhost)" : isIP(host) ? blockedRange(host) : null;
  if (!range) return parsed;
  return new TargetRefusedError("BLOCKED_ADDRESS", `the webhook host ${host} is a blocked address: ${range}`);
}

/** The hostname without an IPv6 literal's brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}
