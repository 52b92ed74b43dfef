import type { IncomingMessage } from "node:http";
import { isIPv6 } from "node:net";
import type { Context } from "hono";

/**
 * The address a request came from, for per-client limits: the socket's peer, or — behind `trustedProxies`
 * reverse proxies that each append the address they saw to `X-Forwarded-For` — the entry the outermost
 * trusted proxy added (the Nth from the right). Entries left of it are the client's own say and ignored.
 * IPv6 addresses are cut to their /64, which one subscriber usually holds whole. Null when unknown (a
 * request made in-process, or a header shorter than the proxy chain).
 */
export function clientAddress(c: Context, trustedProxies: number): string | null {
  if (trustedProxies > 0) {
    const hops = (c.req.header("X-Forwarded-For") ?? "")
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
    const seen = hops[hops.length - trustedProxies];
    return seen ? normaliseAddress(seen) : null;
  }
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const peer = incoming?.socket?.remoteAddress;
  return peer ? normaliseAddress(peer) : null;
}

/** An IPv4-mapped IPv6 address is its IPv4 one; other IPv6 addresses count by their /64. */
export function normaliseAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head = "", tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
