import { and, count, eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { appRedirects, apps } from "../../db/schema";
import { checkWebhookUrl as checkWebhookTarget, type TargetPolicy } from "../webhooks/target";
import { checkRedirectUri, checkWebhookUrl, MAX_REDIRECTS } from "./apps.service";
import { checked, SettingsError } from "./settings-error";

/** An app's name: what operators and Link's consent screen call it. */
export const MAX_APP_NAME = 100;

export function checkAppName(value: string): string {
  const name = value.trim();
  if (!name) throw new SettingsError("An app needs a name");
  if (name.length > MAX_APP_NAME) throw new SettingsError(`An app's name has at most ${MAX_APP_NAME} characters`);
  return name;
}

async function updateApp(database: Database, appId: string, values: Partial<typeof apps.$inferInsert>) {
  const updated = await database.db.update(apps).set(values).where(eq(apps.id, appId)).returning({ id: apps.id });
  if (updated.length === 0) throw new SettingsError("There is no such app");
}

export const renameApp = (database: Database, appId: string, name: string) =>
  updateApp(database, appId, { name: checkAppName(name) });

export const setStartFlowOnly = (database: Database, appId: string, startFlowOnly: boolean) =>
  updateApp(database, appId, { startFlowOnly });

/**
 * Sets (or, empty, removes) the webhook URL: the API's URL rules (`checkWebhookUrl`) and the SSRF rules the CLI
 * checks (`webhooks/target.ts`: no private addresses, https outside sandbox mode).
 */
export async function setWebhookUrl(database: Database, appId: string, value: string, policy: TargetPolicy) {
  const url = value.trim() ? checked(() => checkWebhookUrl(value.trim())) : null;
  const refused = url && checkWebhookTarget(url, policy);
  if (refused) throw new SettingsError(refused);
  await updateApp(database, appId, { webhookUrl: url });
}

/**
 * Registers one more redirect URI (the API's `checkRedirectUri`), at most `MAX_REDIRECTS` per app and none
 * twice; answers its id, which Link is started with. Counted under a lock on the app's row.
 */
export async function addRedirect(database: Database, appId: string, value: string): Promise<string> {
  const uri = checked(() => checkRedirectUri(value.trim()));
  return database.transaction(async (tx, sql) => {
    const { rows } = await sql.query("select 1 from apps where id = $1 for update", [appId]);
    if (rows.length === 0) throw new SettingsError("There is no such app");
    const existing = await tx.select().from(appRedirects).where(eq(appRedirects.appId, appId));
    if (existing.length >= MAX_REDIRECTS) {
      throw new SettingsError(`An app has at most ${MAX_REDIRECTS} redirect URIs: remove one first`);
    }
    if (existing.some((r) => r.uri === uri)) throw new SettingsError(`The redirect URI ${uri} is registered already`);
    const id = crypto.randomUUID();
    await tx.insert(appRedirects).values({ id, appId, uri });
    return id;
  });
}

/** Removes a redirect; the last one stays (an app needs at least one, as at creation). */
export async function removeRedirect(database: Database, appId: string, redirectId: string): Promise<void> {
  await database.transaction(async (tx, sql) => {
    await sql.query("select 1 from apps where id = $1 for update", [appId]);
    const [total] = await tx.select({ n: count() }).from(appRedirects).where(eq(appRedirects.appId, appId));
    if ((total?.n ?? 0) <= 1) throw new SettingsError("An app needs at least one redirect URI: add another first");
    const removed = await tx
      .delete(appRedirects)
      .where(and(eq(appRedirects.id, redirectId), eq(appRedirects.appId, appId)))
      .returning({ id: appRedirects.id });
    if (removed.length === 0) throw new SettingsError("This app has no redirect with that id");
  });
}
