import { eq } from "drizzle-orm";
import { SANDBOX_DEFAULTS } from "../../config";
import { apps } from "../../db/schema";
import { SecretChecksBusy } from "../../lib/crypto";
import { unauthorized } from "../../lib/problem";
import type { Services } from "../../services";
import { loginBusy, settleLoginAttempt, takeLoginAttempt } from "./login-throttle";

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
 * demo app outside sandbox mode), 429 (this address failed too often) or 503 (too many checks waiting).
 * Known and unknown ids cost one scrypt each: the answer's timing does not tell which ids exist.
 */
export async function checkLogin(
  services: Services,
  credentials: { clientId: string; clientSecret: string },
  address: string | null,
): Promise<string> {
  const attempt = takeLoginAttempt(services, address);
  let failed = false;
  try {
    const [app] = await services.database.db
      .select({ id: apps.id, clientSecretHash: apps.clientSecretHash })
      .from(apps)
      .where(eq(apps.id, credentials.clientId));
    const matches = await services.limits.secretChecks.verify(credentials.clientSecret, app?.clientSecretHash ?? null);
    failed = !app || !matches;
    if (
      app &&
      matches &&
      !services.config.sandbox.enabled &&
      isSandboxDemo(services, app.id, credentials.clientSecret)
    ) {
      failed = true;
      if (!warnedDemo.has(services)) {
        warnedDemo.add(services);
        services.logger.warn(
          { clientId: app.id },
          "Login refused: the sandbox demo app does not authenticate outside sandbox mode (FINLINK_SANDBOX=false). Register apps with `finlink apps create`; the demo app's data is left as it was.",
        );
      }
    }
    if (failed) throw unauthorized("Unknown client id or wrong client secret");
    return credentials.clientId;
  } catch (error) {
    if (error instanceof SecretChecksBusy) throw loginBusy();
    throw error;
  } finally {
    settleLoginAttempt(services, attempt, failed);
  }
}
