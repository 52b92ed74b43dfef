import { z } from "zod";
import { text } from "./common";
import { WebhookType } from "./webhooks";

export const SandboxPublicTokenRequest = z
  .object({
    entity: text({ max: 100 }),
    username: text({ max: 200 }),
    password: text({ max: 200 }).optional().meta({ description: "Default `pass_good`" }),
    redirectId: z.uuid().optional(),
    externalId: text({ max: 200 }).optional(),
  })
  .meta({ id: "SandboxPublicTokenRequest" });
export type SandboxPublicTokenRequest = z.infer<typeof SandboxPublicTokenRequest>;

export const SandboxPublicTokenResponse = z
  .object({ publicToken: z.string() })
  .meta({ id: "SandboxPublicTokenResponse" });

export const FireWebhookRequest = z.object({ type: WebhookType }).meta({ id: "FireWebhookRequest" });

export const FireWebhookResponse = z.object({ webhookId: z.uuid() }).meta({ id: "FireWebhookResponse" });

export const ResetLoginResponse = z
  .object({
    connectionId: z.uuid(),
    restoreToken: z.string().meta({ description: "Open Link with it (`restore_token`) to sign in again" }),
  })
  .meta({ id: "ResetLoginResponse" });
