import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/database";
import { appRedirects, apps } from "../../db/schema";
import { notFound } from "../../lib/problem";

/** A registered redirect with the app it belongs to: where Link sends the user back. */
export interface LinkRedirect {
  id: string;
  appId: string;
  appName: string;
  /** The app's links for the consent screen. */
  privacyPolicyUrl: string | null;
  termsUrl: string | null;
  startFlowOnly: boolean;
  uri: string;
}

/** The redirect `redirectId` (of `appId`, when given), or 404 `UNKNOWN_REDIRECT`. */
export async function findRedirect(db: Db, redirectId: string, appId?: string): Promise<LinkRedirect> {
  const where = eq(appRedirects.id, redirectId);
  const [redirect] = await db
    .select({
      id: appRedirects.id,
      appId: apps.id,
      appName: apps.name,
      privacyPolicyUrl: apps.privacyPolicyUrl,
      termsUrl: apps.termsUrl,
      startFlowOnly: apps.startFlowOnly,
      uri: appRedirects.uri,
    })
    .from(appRedirects)
    .innerJoin(apps, eq(apps.id, appRedirects.appId))
    .where(appId ? and(where, eq(appRedirects.appId, appId)) : where);
  if (!redirect)
    throw notFound(`Redirect '${redirectId}' is not registered for this app`, { reason: "UNKNOWN_REDIRECT" });
  return redirect;
}

/**
 * The registered URI with the flow's result added to its query (a query it already has is kept).
 * @example redirectUrl("https://app.example/cb?x=1", { error: "USER_EXIT", state: null }) // …/cb?x=1&error=USER_EXIT
 */
export function redirectUrl(uri: string, params: Record<string, string | null | undefined>): string {
  const url = new URL(uri);
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined) url.searchParams.set(name, value);
  }
  return url.toString();
}
