import { z } from "zod";
import { text } from "./common";
import { WebhookEndpointStatus } from "./webhooks";

export const Scope = z.enum(["read", "write", "delete"]);
export type Scope = z.infer<typeof Scope>;

export const LoginRequest = z
  .object({
    clientId: z.uuid(),
    clientSecret: text({ max: 200 }),
    scopes: z.array(Scope).min(1).nullable().optional().meta({ description: "Missing or null: all three" }),
  })
  .meta({ id: "LoginRequest" });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z
  .object({ token: z.string().meta({ description: "ES256 JWT, valid one hour" }) })
  .meta({ id: "LoginResponse" });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const AppSettings = z
  .object({
    clientId: z.uuid(),
    name: z.string(),
    redirects: z.array(z.object({ id: z.string(), uri: z.url() })),
    webhookUrl: z.url().nullable(),
    webhookStatus: WebhookEndpointStatus.optional().meta({
      description: "Extension (not in Vumi's API): the webhook endpoint's health",
    }),
    privacyPolicyUrl: z.url().nullable().optional().meta({
      description: "Extension: the app's privacy policy, linked from Link's consent screen (`finlink apps update`)",
    }),
    termsUrl: z.url().nullable().optional().meta({
      description: "Extension: the app's terms, linked from Link's consent screen (`finlink apps update`)",
    }),
  })
  .meta({ id: "AppSettings" });
export type AppSettings = z.infer<typeof AppSettings>;

/** Public half of an ES256 key, as served by `GET /api/v1/webhook_verification/{keyId}`. */
export const PublicJwk = z
  .object({
    kty: z.literal("EC"),
    crv: z.literal("P-256"),
    x: z.string(),
    y: z.string(),
    kid: z.string().meta({ description: "Extension (Vumi's example lists x, y, alg, crv, kty): the key id" }),
    alg: z.literal("ES256"),
    use: z.literal("sig").meta({ description: "Extension: the key signs (RFC 7517 `use`)" }),
  })
  .meta({ id: "PublicJwk" });
export type PublicJwk = z.infer<typeof PublicJwk>;
