import { z } from "zod";
import { WebhookType } from "./webhooks";

export const SandboxPublicTokenRequest = z
  .object({
    entity: z.string().min(1).max(100),
    username: z.string().min(1).max(200),
    password: z.string().min(1).max(200).optional().meta({ description: "Default `pass_good`" }),
    redirectId: z.uuid().optional(),
    externalId: z.string().min(1).max(200).optional(),
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
