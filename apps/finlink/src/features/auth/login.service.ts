import { and, eq } from "drizzle-orm";
import { SANDBOX_DEFAULTS } from "../../config";
import { appClientSecrets, apps } from "../../db/schema";
import { hashSecret, isSlowHash, SecretChecksBusy } from "../../lib/crypto";
import { unauthorized } from "../../lib/problem";
import type { Services } from "../../services";
import { liveSecretHashes } from "../apps/client-secrets.service";
import { loginBusy, loginThrottled, settleLoginAttempt, takeLoginAttempt } from "./login-throttle";

/** Processes that logged the refused demo app already: once is enough to tell the operator. */
const warnedDemo = new WeakSet<Services>();

/**
 * The sandbox demo app: seeded under the configured (or well-known) client id, or holding the well-known
 * secret. Data created in sandbox mode keeps it in the database; outside sandbox mode it must not log in.
 */
function isSandboxDemo(services: Services, appId: string, secret: string): boolean {
  const { sandbox } = services.config;
  return appId === sandbox.clientId || appId === SANDBOX_DEFAULTS.clientId || secret === SANDBOX_DEFAULTS.clientSecret;
}

/**
 * Checks an app's client id and secret; answers the app's id, or throws 401 (unknown id, wrong secret, the
 * demo app outside sandbox mode), 429 (a wrong secret from an address that failed too often) or 503 (too
 * many older scrypt checks waiting). Any of the app's live (un-revoked) secrets logs in; a revoked one is
 * refused at once. Known and unknown ids cost about the same (an unknown id is checked against one hash nothing
 * matches; a known one against its at most 5 live SHA-256 hashes, microseconds apart): the timing tells no ids.
 */
export async function checkLogin(
  services: Services,
  credentials: { clientId: string; clientSecret: string },
  address: string | null,
): Promise<string> {
  const attempt = await takeLoginAttempt(services, address);
  let failed = false;
  try {
    const [app] = await services.database.db
      .select({ id: apps.id })
      .from(apps)
      .where(eq(apps.id, credentials.clientId));
    const hashes = app ? await liveSecretHashes(services.database.db, app.id) : [];
    const throttled = attempt.throttledFor > 0;
    // Over the limit only a cheap check is made: an older scrypt hash waits for a login from elsewhere.
    if (throttled && (!app || hashes.some((h) => isSlowHash(h.secretHash)))) throw loginThrottled(attempt.throttledFor);
    const matched = await matchingSecret(services, credentials.clientSecret, hashes);
    failed = !app || !matched || refusedDemo(services, app.id, credentials.clientSecret);
    if (failed && throttled) throw loginThrottled(attempt.throttledFor);
    if (failed || !app || !matched) throw unauthorized("Unknown client id or wrong client secret", "INVALID_CLIENT");
    if (isSlowHash(matched.secretHash)) await upgradeHash(services, matched, credentials.clientSecret);
    return app.id;
  } catch (error) {
    if (error instanceof SecretChecksBusy) throw loginBusy();
    throw error;
  } finally {
    await settleLoginAttempt(services, attempt, failed);
  }
}

/** Outside sandbox mode the demo app, whose secret is public, must not log in (told once per process). */
function refusedDemo(services: Services, appId: string, secret: string): boolean {
  if (services.config.sandbox.enabled || !isSandboxDemo(services, appId, secret)) return false;
  if (!warnedDemo.has(services)) {
    warnedDemo.add(services);
    services.logger.warn(
      { clientId: appId },
      "Login refused: the sandbox demo app does not authenticate outside sandbox mode (FINLINK_SANDBOX=false). Register apps with `finlink apps create`; the demo app's data is left as it was.",
    );
  }
  return true;
}

/** The live secret `secret` is, if any; with none (an unknown app) one hash nothing matches is checked instead. */
async function matchingSecret(services: Services, secret: string, hashes: { id: string; secretHash: string }[]) {
  if (hashes.length === 0) {
    await services.limits.secretChecks.verify(secret, null);
    return undefined;
  }
  for (const hash of hashes) {
    if (await services.limits.secretChecks.verify(secret, hash.secretHash)) return hash;
  }
  return undefined;
}

/** The right secret of an older scrypt hash: stored in the current form, unless the hash changed meanwhile. */
async function upgradeHash(services: Services, stored: { id: string; secretHash: string }, secret: string) {
  await services.database.db
    .update(appClientSecrets)
    .set({ secretHash: hashSecret(secret) })
    .where(and(eq(appClientSecrets.id, stored.id), eq(appClientSecrets.secretHash, stored.secretHash)));
}
