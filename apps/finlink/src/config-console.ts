/** The console's variables, as config.ts's schema reads them. */
export interface ConsoleEnv {
  FINLINK_HOST: string;
  FINLINK_PORT: number;
  FINLINK_CONSOLE_PORT: number | "off";
  FINLINK_CONSOLE_URL?: string | undefined;
}

/** The operator console's listener and public URL (its own origin). */
export interface ConsoleConfig {
  port: number;
  publicUrl: string;
}

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The console on an origin of its own: any script on the API's origin (Link, the docs, the sandbox bank) could
 * otherwise fetch console pages with the operator's cookie, so an origin shared with FINLINK_URL or LINK_URL is
 * refused rather than served.
 */
export function consoleConfig(
  e: ConsoleEnv,
  { publicUrl, linkUrl, sandbox }: { publicUrl: string; linkUrl: string; sandbox: boolean },
): ConsoleConfig | null {
  const port = e.FINLINK_CONSOLE_PORT;
  if (port === "off") return null;
  if (port !== 0 && port === e.FINLINK_PORT) throw new Error("FINLINK_CONSOLE_PORT must differ from FINLINK_PORT");
  const url = new URL(e.FINLINK_CONSOLE_URL ?? `http://${e.FINLINK_HOST}:${port}`);
  // Its pages keep their /console paths on that origin: a path prefix would not be honoured, so it is refused.
  if (url.pathname !== "/" || url.search || url.hash) {
    throw new Error(`FINLINK_CONSOLE_URL must be an origin only (like ${url.origin}), without a path`);
  }
  const { origin } = url;
  // Outside sandbox mode the password and the session cookie must not travel in clear (the cookie is only Secure,
  // and `__Host-`, on https); a console reached on loopback only (an SSH tunnel) is the exception.
  const loopback = LOOPBACK_HOST.test(url.hostname);
  if (!sandbox && url.protocol !== "https:" && !loopback) {
    throw new Error(
      `FINLINK_CONSOLE_URL (${origin}) must be https outside sandbox mode (the console behind TLS), or on loopback; FINLINK_CONSOLE_PORT=off serves none`,
    );
  }
  // Port 0 with no FINLINK_CONSOLE_URL: both URLs are placeholders for ports the system picks, which differ.
  const ephemeral = port === 0 && e.FINLINK_CONSOLE_URL === undefined;
  for (const [name, other] of [
    ["FINLINK_URL", publicUrl],
    ["LINK_URL", linkUrl],
  ] as const) {
    const theirs = new URL(other);
    if (theirs.origin === origin && !ephemeral) {
      throw new Error(
        `FINLINK_CONSOLE_URL (${origin}) must not be ${name}'s origin: the console needs an origin of its own (decision 011)`,
      );
    }
    // Cookies ignore ports and schemes: a script on the API's host could plant a console cookie, even a `__Host-`
    // one, on another port of it. Outside sandbox mode the console needs a host of its own (loopback aside).
    if (!sandbox && !loopback && theirs.hostname === url.hostname) {
      throw new Error(
        `FINLINK_CONSOLE_URL (${origin}) must not be on ${name}'s host outside sandbox mode: cookies ignore ports, so the console needs a host of its own (e.g. console.${url.hostname})`,
      );
    }
  }
  return { port, publicUrl: origin };
}
