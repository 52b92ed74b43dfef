import { isIP } from "node:net";
import { asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/database";
import { appClientSecrets, appRedirects, apps } from "../../db/schema";
import { randomToken, verifySecret } from "../../lib/crypto";
import { endpointStatusOf } from "../webhooks/webhooks.service";
import { type AppLinkPolicy, type AppLinks, checkAppLinks } from "./app-links";
import { insertClientSecret, liveSecretHashes } from "./client-secrets.service";

export const MAX_REDIRECTS = 5;

export interface NewApp {
  name: string;
  redirectUris: string[];
  webhookUrl?: string | null;
  startFlowOnly?: boolean;
  /** Shown on Link's consent screen. */
  privacyPolicyUrl?: string | null;
  termsUrl?: string | null;
  /** How the links are checked; https required unless said otherwise (sandbox mode). */
  linkPolicy?: AppLinkPolicy;
  /** Fixed credentials (the seeded sandbox app); generated otherwise. */
  clientId?: string;
  clientSecret?: string;
}

// A DNS label as a CSP host-source can carry it: letters, digits and inner hyphens, at most 63 characters.
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Whether a parsed URL's host is a DNS name or an IP literal. The URL parser keeps characters such as `;`,
 * `'`, `*` or `,` in a host, and the host goes into the Link page's CSP `frame-ancestors`: there one of
 * them splits or widens the policy (`https://a.example;x` adds a directive).
 */
function validHost(url: URL): boolean {
  const host = url.hostname;
  if (isIP(host) === 4 || (host.startsWith("[") && isIP(host.slice(1, -1)) === 6)) return true;
  // Internationalised names arrive here in punycode (`xn--…`); a trailing dot has no place in a CSP source.
  return host.length <= 253 && host.split(".").every((label) => DNS_LABEL.test(label));
}

/**
 * Checks a redirect URI: a URL as `checkUrl` takes it, on a DNS name or an IPv4 address. Not an IPv6
 * literal: the URI's origin is what may frame Link (CSP `frame-ancestors`), and a CSP host-source cannot
 * carry one (`[` is outside its grammar), so the Link page would drop it and the app could never frame Link.
 */
export function checkRedirectUri(value: string): string {
  const uri = checkUrl(value, "Redirect URI");
  if (new URL(uri).hostname.startsWith("[")) {
    throw new Error(
      `Redirect URI '${value}' must not have an IPv6 address as its host: the Link page's CSP frame-ancestors cannot name one, so Link could never be framed for it. Use a hostname`,
    );
  }
  return uri;
}

/**
 * Checks a URL: absolute, https — or http for localhost and 127.0.0.1, where integrators develop — on a
 * host that is a DNS name or an IP literal, without credentials or a fragment. Returns the normalised URL
 * or throws with the reason, naming the URL as `what`.
 */
function checkUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${what} '${value}' is not an absolute URL`);
  }
  const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    throw new Error(`${what} '${value}' must use https (http is allowed only for localhost and 127.0.0.1)`);
  }
  if (!validHost(url)) throw new Error(`${what} '${value}' must have a DNS name or an IP address as its host`);
  if (url.username || url.password) throw new Error(`${what} '${value}' must not carry credentials`);
  if (url.hash || value.includes("#")) throw new Error(`${what} '${value}' must not have a fragment`);
  return url.toString();
}

// (The SSRF rules — no private addresses, https outside sandbox mode — are `webhooks/target.ts`'s, checked
// by the CLI and again at every delivery, when the name is resolved.)
/** A webhook URL never goes into a CSP: an IPv6 literal is fine there. */
export function checkWebhookUrl(value: string): string {
  return checkUrl(value, "Webhook URL");
}

/** Creates an app with its redirects; answers the client secret, which is never shown again. */
export async function createApp(database: Database, input: NewApp) {
  if (input.redirectUris.length === 0) throw new Error("An app needs at least one redirect URI");
  if (input.redirectUris.length > MAX_REDIRECTS) throw new Error(`An app has at most ${MAX_REDIRECTS} redirect URIs`);
  const uris = input.redirectUris.map(checkRedirectUri);
  const webhookUrl = input.webhookUrl ? checkWebhookUrl(input.webhookUrl) : null;
  const links = {
    privacyPolicyUrl: null,
    termsUrl: null,
    ...checkAppLinks(input, input.linkPolicy ?? { requireHttps: true }),
  } satisfies AppLinks;
  const clientId = input.clientId ?? crypto.randomUUID();
  const clientSecret = input.clientSecret ?? randomToken("clientSecret");
  const redirects = uris.map((uri) => ({ id: crypto.randomUUID(), appId: clientId, uri }));
  await database.transaction(async (tx) => {
    await tx.insert(apps).values({
      id: clientId,
      name: input.name,
      webhookUrl,
      startFlowOnly: input.startFlowOnly ?? false,
      ...links,
    });
    await tx.insert(appRedirects).values(redirects);
    await insertClientSecret(tx, clientId, clientSecret);
  });
  return {
    clientId,
    clientSecret,
    name: input.name,
    redirects: redirects.map(({ id, uri }) => ({ id, uri })),
    webhookUrl,
    ...links,
  };
}

/**
 * Sets or removes an app's consent-screen links (`finlink apps update`): a link not given stays as it is,
 * `null` or "" removes it. Answers the app's settings, or throws when there is no such app.
 */
export async function updateAppLinks(
  database: Database,
  clientId: string,
  links: Partial<Record<keyof AppLinks, string | null>>,
  policy: AppLinkPolicy,
) {
  const checked = checkAppLinks(links, policy);
  if (Object.keys(checked).length > 0) {
    const updated = await database.db.update(apps).set(checked).where(eq(apps.id, clientId)).returning({ id: apps.id });
    if (updated.length === 0) throw new Error(`No app has the client id ${clientId}`);
  }
  const settings = await getAppSettings(database, clientId);
  if (!settings) throw new Error(`No app has the client id ${clientId}`);
  return settings;
}

/** An app's public settings, as `GET /api/v1/queries/app` shows them. */
export async function getAppSettings(database: Database, appId: string) {
  const [app] = await database.db.select().from(apps).where(eq(apps.id, appId));
  if (!app) return undefined;
  const redirects = await database.db
    .select({ id: appRedirects.id, uri: appRedirects.uri })
    .from(appRedirects)
    .where(eq(appRedirects.appId, appId))
    .orderBy(asc(appRedirects.createdAt), asc(appRedirects.id));
  return {
    clientId: app.id,
    name: app.name,
    redirects,
    webhookUrl: app.webhookUrl,
    webhookStatus: endpointStatusOf(app),
    privacyPolicyUrl: app.privacyPolicyUrl,
    termsUrl: app.termsUrl,
    startFlowOnly: app.startFlowOnly,
  };
}

/**
 * The demo app's consent-screen links: the Link flow guide's consent section on Finlink's own origin, so
 * the sandbox shows the links as an app's would be shown without pointing at someone else's policy.
 */
export const sandboxAppLinks = (publicUrl: string): AppLinks => ({
  privacyPolicyUrl: `${publicUrl}/api/v1/docs/guides/link-flow#consent`,
  termsUrl: `${publicUrl}/api/v1/docs/guides/link-flow#consent`,
});

/**
 * Seeds the sandbox demo app from configuration. Idempotent: an existing app with that client id keeps its
 * id, gets the configured secret as its only live one (as before client secrets were a list: secrets added
 * in the console are revoked at the next start — the demo app's secret is the configuration's), webhook URL and links, and ends with exactly the configured redirect URIs — a
 * URI already registered keeps its redirect id, a new one takes over the id of one no longer configured.
 */
export async function seedSandboxApp(
  database: Database,
  input: {
    clientId: string;
    clientSecret: string;
    redirectUris: string[];
    webhookUrl: string | null;
  } & Partial<AppLinks>,
) {
  // Sandbox mode only (`seedSandboxDemo`), where http is allowed, as for webhook URLs.
  const links = { privacyPolicyUrl: null, termsUrl: null, ...checkAppLinks(input, { requireHttps: false }) };
  const existing = await getAppSettings(database, input.clientId);
  if (!existing) {
    return createApp(database, {
      name: "Sandbox demo app",
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      redirectUris: input.redirectUris,
      webhookUrl: input.webhookUrl,
      ...links,
      linkPolicy: { requireHttps: false },
    });
  }
  if (input.redirectUris.length === 0) throw new Error("An app needs at least one redirect URI");
  if (input.redirectUris.length > MAX_REDIRECTS) throw new Error(`An app has at most ${MAX_REDIRECTS} redirect URIs`);
  const uris = [...new Set(input.redirectUris.map(checkRedirectUri))];
  await database.transaction(async (tx) => {
    await tx
      .update(apps)
      .set({ webhookUrl: input.webhookUrl, ...links })
      .where(eq(apps.id, input.clientId));
    const live = await liveSecretHashes(tx, input.clientId);
    const held = await Promise.all(live.map((s) => verifySecret(input.clientSecret, s.secretHash)));
    const others = live.filter((_, i) => !held[i]).map((s) => s.id);
    if (others.length > 0) {
      await tx.update(appClientSecrets).set({ revokedAt: new Date() }).where(inArray(appClientSecrets.id, others));
    }
    if (!held.includes(true)) await insertClientSecret(tx, input.clientId, input.clientSecret);
    const unused = existing.redirects.filter((r) => !uris.includes(r.uri));
    for (const uri of uris) {
      if (existing.redirects.some((r) => r.uri === uri)) continue;
      const reused = unused.shift();
      if (reused) await tx.update(appRedirects).set({ uri }).where(eq(appRedirects.id, reused.id));
      else await tx.insert(appRedirects).values({ id: crypto.randomUUID(), appId: input.clientId, uri });
    }
    for (const stale of unused) await tx.delete(appRedirects).where(eq(appRedirects.id, stale.id));
  });
  return getAppSettings(database, input.clientId);
}
