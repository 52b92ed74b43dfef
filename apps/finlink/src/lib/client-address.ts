import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import type { Context } from "hono";

/**
 * The address a request came from, for per-client limits: the socket's peer, or — behind `trustedProxies`
 * reverse proxies that each append the address they saw to `X-Forwarded-For` — the entry the outermost
 * trusted proxy added (the Nth from the right). Entries left of it are the client's own say and ignored; a
 * header too short for the chain, or an entry that is not an address, falls back to the socket's peer.
 * IPv6 addresses count by their /64, which one subscriber usually holds whole. Null when unknown (a
 * request made in-process).
 */
export function clientAddress(c: Context, trustedProxies: number): string | null {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const peer = parseAddress(incoming?.socket?.remoteAddress ?? "");
  if (trustedProxies === 0) return peer;
  const hops = (c.req.header("X-Forwarded-For") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  const seen = hops.length >= trustedProxies ? hops[hops.length - trustedProxies] : undefined;
  return (seen && parseAddress(seen)) || peer;
}

/**
 * An address as a limit key, or null when `text` is not one: port and brackets dropped (`1.2.3.4:5678`,
 * `[2001:db8::1]:443`), IPv4-mapped IPv6 as its IPv4 address, other IPv6 as its /64 prefix.
 * @example parseAddress("[2001:DB8::1]:443") // "2001:db8:0:0::/64"
 */
export function parseAddress(text: string): string | null {
  let host = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed?.[1]) host = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(host)) host = host.slice(0, host.lastIndexOf(":"));
  host = host.replace(/%.*$/, ""); // an IPv6 zone (fe80::1%eth0)
  const version = isIP(host);
  if (version === 4) return host;
  if (version !== 6) return null;
  const groups = expandIpv6(host);
  // ::ffff:a.b.c.d in any spelling: the last two groups are the IPv4 address.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, an IPv4 tail as two groups). */
function expandIpv6(address: string): number[] {
  const lower = address.toLowerCase();
  const ipv4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(lower);
  let text = lower;
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail.slice(1).map(Number) as [number, number, number, number];
    text = `${lower.slice(0, ipv4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail = ""] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = text.includes("::") ? Array<string>(8 - left.length - right.length).fill("0") : [];
  return [...left, ...fill, ...right].map((g) => Number.parseInt(g, 16));
}
