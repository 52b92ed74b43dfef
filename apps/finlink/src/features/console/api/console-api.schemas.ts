import { AppSettings, ErrorDetails, IsoDateTime, LinkEntity, text } from "@finlink/contracts";
import { z } from "@hono/zod-openapi";

// The console's own bodies: what the API's `AppSettings` and the webhooks contracts do not cover. Strings are
// `text()` (no control characters), as every API input; the service behind each checks the rest and its
// refusal is the 400's `detail`, word for word what the console's form shows.

export const AppId = z.object({ appId: z.uuid().meta({ description: "The app's client id" }) });
export const AppAnd = <K extends string>(key: K, description: string) =>
  AppId.extend({ [key]: z.uuid().meta({ description }) } as Record<K, z.ZodUUID>);

export const ConsoleSession = z
  .object({
    username: z.string(),
    csrfToken: z.string().meta({ description: "Send it as `X-CSRF-Token` with every POST, PUT and DELETE" }),
  })
  .meta({ id: "ConsoleSession" });

export const ConsoleAppSummary = z
  .object({ clientId: z.uuid(), name: z.string(), createdAt: IsoDateTime })
  .meta({ id: "ConsoleAppSummary" });

export const ConsoleApp = AppSettings.extend({
  startFlowOnly: z.boolean().meta({ description: "Whether Link starts only from start tokens" }),
}).meta({ id: "ConsoleApp" });

export const NewConsoleApp = z
  .object({
    name: text({ min: 0, max: 200 }),
    redirectUri: text({ min: 0, max: 2000 }),
    webhookUrl: text({ min: 0, max: 2000 }).nullable().optional(),
    privacyPolicyUrl: text({ min: 0, max: 2000 }).nullable().optional(),
    termsUrl: text({ min: 0, max: 2000 }).nullable().optional(),
    startFlowOnly: z.boolean().optional().meta({ description: "Default false: Link may start from URL parameters" }),
  })
  .meta({ id: "NewConsoleApp" });

export const CreatedConsoleApp = z
  .object({
    app: ConsoleApp,
    clientSecret: z.string().meta({ description: "Shown this once: only its hash is kept" }),
  })
  .meta({ id: "CreatedConsoleApp" });

export const NameBody = z.object({ name: text({ min: 0, max: 200 }) }).meta({ id: "ConsoleAppName" });
export const RedirectBody = z.object({ redirectUri: text({ min: 0, max: 2000 }) }).meta({ id: "ConsoleRedirect" });
export const WebhookUrlBody = z
  .object({ webhookUrl: text({ min: 0, max: 2000 }).nullable().meta({ description: 'null or "" removes it' }) })
  .meta({ id: "ConsoleWebhookUrl" });
export const LinksBody = z
  .object({
    privacyPolicyUrl: text({ min: 0, max: 2000 }).nullable().optional(),
    termsUrl: text({ min: 0, max: 2000 }).nullable().optional(),
  })
  .meta({ id: "ConsoleAppLinks", description: 'A link not given stays as it is; null or "" removes it' });
export const StartModeBody = z.object({ startFlowOnly: z.boolean() }).meta({ id: "ConsoleStartMode" });

export const ClientSecretInfo = z
  .object({ id: z.uuid(), createdAt: IsoDateTime, revokedAt: IsoDateTime.nullable() })
  .meta({ id: "ClientSecretInfo" });
export const NewClientSecret = z
  .object({ id: z.uuid(), secret: z.string().meta({ description: "Shown this once: only its hash is kept" }) })
  .meta({ id: "NewClientSecret" });

export const ConsoleConnection = z
  .object({
    id: z.uuid(),
    entityId: z.string(),
    externalId: z.string().nullable(),
    status: z.string(),
    errorDetails: ErrorDetails.nullable(),
    createdAt: IsoDateTime,
    lastSync: IsoDateTime.nullable(),
  })
  .meta({ id: "ConsoleConnection", description: "What an operator sees of a connection: never a token" });

export const EntityHealth = LinkEntity.pick({ id: true, name: true, products: true, status: true }).meta({
  id: "EntityHealth",
});
