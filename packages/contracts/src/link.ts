import { z } from "zod";
import { IsoDateTime } from "./common";
import { Entity, Product } from "./data";

export const LinkLang = z.enum(["es", "en"]);
export type LinkLang = z.infer<typeof LinkLang>;

export const LinkTheme = z.enum(["LIGHT", "DARK"]);
export type LinkTheme = z.infer<typeof LinkTheme>;

export const LinkOperation = z.enum(["CONNECT", "UPDATE"]);
export type LinkOperation = z.infer<typeof LinkOperation>;

/** Where a Link session stands on the server. */
export const LinkStep = z.enum(["ENTITY", "CREDENTIALS", "MFA", "AUTHENTICATED", "LOCKED", "DONE"]).meta({
  id: "LinkStep",
  description: "ENTITY → CREDENTIALS → (MFA) → AUTHENTICATED → DONE; LOCKED after 5 failures",
});
export type LinkStep = z.infer<typeof LinkStep>;

export const CredentialField = z
  .object({
    name: z.string(),
    label: z.object({ es: z.string(), en: z.string() }),
    type: z.enum(["text", "password"]),
    autocomplete: z.string().optional(),
    inputMode: z.enum(["text", "numeric"]).optional().meta({ description: "Keyboard to show (numeric for PINs)" }),
  })
  .meta({ id: "CredentialField", description: "One field of an entity's sign-in form" });
export type CredentialField = z.infer<typeof CredentialField>;

/** An entity as Link shows it: the public fields plus its sign-in form. */
export const LinkEntity = Entity.extend({ credentialFields: z.array(CredentialField) }).meta({ id: "LinkEntity" });
export type LinkEntity = z.infer<typeof LinkEntity>;

const Token = z.string().min(1).max(2000);
const ShortText = z.string().min(1).max(200);

/** What Link was opened with: a start token, or the URL parameters (named as in Vumi's Link docs). */
export const CreateLinkSessionRequest = z
  .object({
    authToken: Token.optional().meta({
      description: "Start token from start-flow; its claims replace the URL parameters",
    }),
    token: Token.optional().meta({ description: "Alias of authToken" }),
    id: z.uuid().optional().meta({ description: "Redirect id (URL-parameter starts)" }),
    entity: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: "Open Link for this entity only: the entity screen is skipped, no other is accepted" }),
    external_id: ShortText.optional(),
    update_token: ShortText.optional(),
    restore_token: ShortText.optional(),
    lang: LinkLang.optional(),
    theme: LinkTheme.optional(),
    state: z.string().min(1).max(500).optional().meta({ description: "Opaque; echoed back on the redirect" }),
    product: Product.optional(),
  })
  .refine((b) => !(b.update_token && b.restore_token), { message: "Give update_token or restore_token, not both" })
  .meta({ id: "CreateLinkSessionRequest" });
export type CreateLinkSessionRequest = z.infer<typeof CreateLinkSessionRequest>;

const LinkSessionFields = z.object({
  expiresAt: IsoDateTime,
  app: z.object({ name: z.string() }),
  redirectOrigin: z.string().meta({ description: "Origin of the redirect URI: the only targetOrigin for postMessage" }),
  operation: LinkOperation,
  product: Product,
  entity: LinkEntity.nullable().meta({
    description: "Fixed entity (given, or the connection's); null: the user picks",
  }),
  fixedUsername: z.string().nullable().meta({ description: "Update and restore flows: the username to sign in as" }),
  lang: LinkLang.nullable(),
  theme: LinkTheme.nullable(),
});

export const CreateLinkSessionResponse = LinkSessionFields.extend({
  sessionToken: z.string().meta({ description: "Send as `X-Link-Session`; keep in memory only" }),
}).meta({ id: "CreateLinkSessionResponse" });
export type CreateLinkSessionResponse = z.infer<typeof CreateLinkSessionResponse>;

export const ChallengeType = z.enum(["OTP", "QUESTION", "DEVICE", "APP"]);

/** A second factor the entity asks for; `id` changes with every new challenge. */
export const Challenge = z
  .discriminatedUnion("type", [
    z.object({ id: z.string(), type: z.literal("OTP"), length: z.number().int() }),
    z.object({ id: z.string(), type: z.literal("QUESTION"), question: z.object({ es: z.string(), en: z.string() }) }),
    z.object({
      id: z.string(),
      type: z.literal("DEVICE"),
      devices: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
    z.object({ id: z.string(), type: z.literal("APP"), expiresAt: IsoDateTime }),
  ])
  .meta({ id: "Challenge" });
export type Challenge = z.infer<typeof Challenge>;

/** The user's answer; `POLL` asks whether an APP approval went through (about once a second). */
export const ChallengeAnswer = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("OTP"), code: z.string().min(1).max(32) }),
    z.object({ type: z.literal("QUESTION"), answer: z.string().min(1).max(200) }),
    z.object({ type: z.literal("DEVICE"), deviceId: z.string().min(1).max(100) }),
    z.object({ type: z.literal("POLL") }),
  ])
  .meta({ id: "ChallengeAnswer" });
export type ChallengeAnswer = z.infer<typeof ChallengeAnswer>;

export const LinkSession = LinkSessionFields.extend({
  step: LinkStep,
  challenge: Challenge.nullable().meta({ description: "The pending challenge while step is MFA" }),
}).meta({ id: "LinkSession" });
export type LinkSession = z.infer<typeof LinkSession>;

export const LinkEntitiesQuery = z.object({
  q: z.string().max(100).optional().meta({ description: "Matches name or id, ignoring case and accents" }),
});

export const SubmitCredentialsRequest = z
  .object({
    entity: z.string().min(1).max(100),
    credentials: z.record(z.string().min(1).max(100), z.string().max(500)),
  })
  .meta({ id: "SubmitCredentialsRequest" });
export type SubmitCredentialsRequest = z.infer<typeof SubmitCredentialsRequest>;

export const SubmitMfaRequest = z
  .object({ challengeId: z.string().min(1).max(200), answer: ChallengeAnswer })
  .meta({ id: "SubmitMfaRequest" });
export type SubmitMfaRequest = z.infer<typeof SubmitMfaRequest>;

/** After credentials or an MFA answer: another challenge, or signed in. */
export const LinkSignInResponse = z
  .discriminatedUnion("step", [
    z.object({ step: z.literal("MFA"), challenge: Challenge }),
    z.object({ step: z.literal("AUTHENTICATED") }),
  ])
  .meta({ id: "LinkSignInResponse" });
export type LinkSignInResponse = z.infer<typeof LinkSignInResponse>;

export const FinishLinkResponse = z
  .object({
    redirectUrl: z.url().meta({ description: "Navigate here (the iframe or the page): the flow's result" }),
    operation: LinkOperation,
    entity: z.string(),
    publicToken: z.string().optional().meta({ description: "CONNECT only; also on redirectUrl" }),
  })
  .meta({ id: "FinishLinkResponse" });
export type FinishLinkResponse = z.infer<typeof FinishLinkResponse>;

export const LinkExitReason = z
  .enum([
    "USER_EXIT",
    "ACCOUNT_LOCKED",
    "TOO_MANY_ATTEMPTS",
    "SIGN_IN_THROTTLED",
    "ENTITY_UNAVAILABLE",
    "MFA_TIMEOUT",
    "USER_ACTION_REQUIRED",
    "INTERNAL_SERVER_ERROR",
  ])
  .meta({
    id: "LinkExitReason",
    description:
      "Why the user left without a connection: `USER_EXIT`, or the error of the screen they left from. Sent as `error` on the redirect.",
  });
export type LinkExitReason = z.infer<typeof LinkExitReason>;

export const ExitLinkRequest = z
  .object({
    reason: LinkExitReason.optional().meta({ description: "Default `USER_EXIT`" }),
    screen: z.string().min(1).max(50).optional().meta({ description: "The screen the user left from" }),
  })
  .meta({ id: "ExitLinkRequest" });
export type ExitLinkRequest = z.infer<typeof ExitLinkRequest>;

export const ExitLinkResponse = z.object({ redirectUrl: z.url() }).meta({ id: "ExitLinkResponse" });
export type ExitLinkResponse = z.infer<typeof ExitLinkResponse>;

// ── Link → parent window messages (postMessage, exact targetOrigin: the redirect URI's origin) ──
