import { createRouter } from "../../app-env";
import { notFound } from "../../lib/problem";
import { getApp } from "./apps.routes";
import { getAppSettings } from "./apps.service";

export const appsRouter = createRouter().openapi(getApp, async (c) => {
  const settings = await getAppSettings(c.var.services.database, c.var.auth.appId);
  if (!settings) throw notFound("The app of this token no longer exists", { reason: "APP_NOT_FOUND" });
  const { clientId, name, redirects, webhookUrl, webhookStatus, privacyPolicyUrl, termsUrl } = settings;
  return c.json({ clientId, name, redirects, webhookUrl, webhookStatus, privacyPolicyUrl, termsUrl }, 200);
});
