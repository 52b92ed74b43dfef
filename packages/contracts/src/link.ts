import { z } from "zod";
import { IsoDateTime, text, textRecord } from "./common";
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
    hint: z
      .object({ es: z.string(), en: z.string() })
      .optional()
      .meta({ description: 'Shown under the label, in both languages ("the DNI you use for online banking")' }),
  })
  .meta({ id: "CredentialField", description: "One field of an entity's sign-in form" });
export type CredentialField = z.infer<typeof CredentialField>;

/**
 * How the user signs in: `FORM` on Link's own form (`credentialFields`), or `REDIRECT` on the bank's own page
 * (redirect SCA, as PSD2 banks do: Link sends the user there and resumes when the bank sends them back).
 */
export const EntitySignIn = z.enum(["FORM", "REDIRECT"]).meta({ id: "EntitySignIn" });
export type EntitySignIn = z.infer<typeof EntitySignIn>;

/** Whether the entity answers sign-ins now: the connector's own report (the sandbox's `sandbox_bank_down` is down). */
export const EntityStatus = z.enum(["AVAILABLE", "UNAVAILABLE"]).meta({ id: "EntityStatus" });
export type EntityStatus = z.infer<typeof EntityStatus>;

/**
 * Where "Forgot your password?" leads: an https page of the bank's, or a path on Finlink's own origin (as
 * `logoUrl` may be; the sandbox entities point at the sandbox guide). Never `http:`, `javascript:` or `//host`.
 */
const FORGOT_PASSWORD_URL = /^(https:\/\/[^\s/]+(\/\S*)?|\/(?!\/)\S*)$/;

/**
 * An entity as Link shows it: the public fields, its sign-in form, how it looks (brand colour beside its logo),
 * how popular it is (the list's order) and whether it is up. Link-only: Vumi's public Entity stays as it is.
 */
export const LinkEntity = Entity.extend({
  credentialFields: z.array(CredentialField).meta({ description: "Link's form; empty for a `REDIRECT` entity" }),
  signIn: EntitySignIn.meta({
    description: "`FORM`: Link's form; `REDIRECT`: the bank's own page (`POST /link/session/redirect`)",
  }),
  brandColor: z
    .string()
    .regex(/^#[0-9a-f]{6}$/)
    .meta({ description: "#rrggbb (lower case): the accent Link draws beside the logo", example: "#0b5fff" }),
  popularity: z
    .number()
    .int()
    .min(0)
    .max(100)
    .meta({ description: "0–100; the list shows the most popular first, then by name" }),
  status: EntityStatus,
  statusReason: z
    .enum(["OUTAGE", "MAINTENANCE"])
    .optional()
    .meta({ description: "Why an UNAVAILABLE entity is down, when the connector knows" }),
  forgotPasswordUrl: z.string().regex(FORGOT_PASSWORD_URL).optional().meta({
    description:
      "The entity's own page for a forgotten password (https), or a path on Finlink's origin (the sandbox's); Link opens it in a new tab",
    example: "https://www.bancosandbox.es/recuperar-clave",
  }),
}).meta({ id: "LinkEntity" });
export type LinkEntity = z.infer<typeof LinkEntity>;

/**
 * The longest start token start-flow signs and Link takes: it travels in Link's URL, and a request line much
 * longer would crowd Node's 16 KiB header limit. Start-flow refuses a start whose token would be longer
 * (400 `START_TOO_LARGE`) rather than hand out a link that cannot open.
 */
export const START_TOKEN_MAX = 8000;

/**
 * Start parameters may be empty, which counts as absent (as in the `/link` page's URL: see
 * `parseLinkStart`): an empty string, or a value of `schema`.
 */
const startParam = <T extends z.ZodType>(schema: T) => z.union([z.literal(""), schema]).optional();
const startText = (max: number) => text({ min: 0, max }).optional();

/** `name` is given, and not empty (an empty start parameter counts as absent). */
const given = (name: string) => ({ required: [name], properties: { [name]: { minLength: 1 } } });
/**
 * The start rules as JSON Schema can state them, for the OpenAPI document (which cannot read `parseLinkStart`
 * or a refinement): a start token or a redirect id, not both; not an update and a restore token together.
 */
const START_RULES = {
  anyOf: [given("authToken"), given("token"), given("id")],
  not: {
    anyOf: [
      { allOf: [given("authToken"), given("id")] },
      { allOf: [given("token"), given("id")] },
      { allOf: [given("update_token"), given("restore_token")] },
    ],
  },
};

/**
 * What Link was opened with: a start token, or the URL parameters (named as in Vumi's Link docs). The
 * server reads it with `parseLinkStart`, as the page and the widget read the URL: a start token and a
 * redirect `id` together, or two different start tokens, are refused (400 `START_CONFLICT`).
 */
export const CreateLinkSessionRequest = z
  .object({
    authToken: startText(START_TOKEN_MAX).meta({
      description: "Start token from start-flow; its claims replace the URL parameters. Not with `id`",
    }),
    token: startText(START_TOKEN_MAX).meta({ description: "Alias of authToken (the same value, if both are given)" }),
    id: startParam(z.uuid()).meta({ description: "Redirect id (URL-parameter starts). Not with a start token" }),
    entity: startText(100).meta({
      description: "Open Link for this entity only: the entity screen is skipped, no other is accepted",
    }),
    external_id: startText(200),
    update_token: startText(200),
    restore_token: startText(200),
    lang: startParam(LinkLang),
    theme: startParam(LinkTheme),
    state: startText(500).meta({ description: "Opaque; echoed back on the redirect" }),
    product: startParam(Product),
  })
  .refine((b) => !(b.update_token && b.restore_token), { message: "Give update_token or restore_token, not both" })
  .meta({ id: "CreateLinkSessionRequest", ...START_RULES });
export type CreateLinkSessionRequest = z.infer<typeof CreateLinkSessionRequest>;

const LinkSessionFields = z.object({
  expiresAt: IsoDateTime,
  app: z
    .object({
      name: z.string(),
      privacyPolicyUrl: z.url().nullable().meta({ description: "The app's privacy policy (consent screen)" }),
      termsUrl: z.url().nullable().meta({ description: "The app's terms (consent screen)" }),
    })
    .meta({ description: "Who asks: shown on the consent screen, with links to its policy and terms when set" }),
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

/** Text the entity words in both of Link's languages (a question, a device, where a code went). */
const BothLanguages = z.object({ es: z.string(), en: z.string() });

/** A second factor the entity asks for; `id` changes with every new challenge. */
export const Challenge = z
  .discriminatedUnion("type", [
    z.object({
      id: z.string(),
      type: z.literal("OTP"),
      length: z.number().int(),
      sentTo: BothLanguages.nullable().meta({
        description: "Where the code went (“SMS to •••• 1234”, the chosen device); null when the entity does not say",
      }),
      attemptsLeft: z.number().int().min(0).nullable().meta({
        description: "Wrong codes the user may still enter in this session; null when the entity does not say",
      }),
      canResend: z.boolean().meta({ description: "Whether `RESEND` may ask the entity for another code now" }),
      alternatives: z.array(ChallengeType).meta({ description: "Methods `SWITCH` may move to; empty: none" }),
    }),
    z.object({ id: z.string(), type: z.literal("QUESTION"), question: BothLanguages }),
    z.object({
      id: z.string(),
      type: z.literal("DEVICE"),
      devices: z.array(z.object({ id: z.string(), name: BothLanguages })),
    }),
    z.object({ id: z.string(), type: z.literal("APP"), expiresAt: IsoDateTime }),
  ])
  .meta({ id: "Challenge" });
export type Challenge = z.infer<typeof Challenge>;

/**
 * The user's answer; `POLL` asks whether an APP approval went through (about once a second). `RESEND` asks for
 * another code and `SWITCH` for another method: accepted only when the pending challenge offers them
 * (`canResend`, `alternatives`), and neither counts as a wrong answer nor gives any back.
 */
export const ChallengeAnswer = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("OTP"), code: text({ max: 32 }) }),
    z.object({ type: z.literal("QUESTION"), answer: text({ max: 200 }) }),
    z.object({ type: z.literal("DEVICE"), deviceId: text({ max: 100 }) }),
    z.object({ type: z.literal("POLL") }),
    z.object({ type: z.literal("RESEND") }),
    z.object({ type: z.literal("SWITCH"), method: ChallengeType }),
  ])
  .meta({ id: "ChallengeAnswer" });
export type ChallengeAnswer = z.infer<typeof ChallengeAnswer>;

export const LinkSession = LinkSessionFields.extend({
  step: LinkStep,
  challenge: Challenge.nullable().meta({ description: "The pending challenge while step is MFA" }),
}).meta({ id: "LinkSession" });
export type LinkSession = z.infer<typeof LinkSession>;

export const LinkEntitiesQuery = z.object({
  q: text({ min: 0, max: 100 }).optional().meta({ description: "Matches name or id, ignoring case and accents" }),
});

export const SubmitCredentialsRequest = z
  .object({
    entity: text({ max: 100 }),
    credentials: textRecord({ max: 100 }, text({ min: 0, max: 500 })),
  })
  .meta({ id: "SubmitCredentialsRequest" });
export type SubmitCredentialsRequest = z.infer<typeof SubmitCredentialsRequest>;

export const SubmitMfaRequest = z
  .object({ challengeId: text({ max: 200 }), answer: ChallengeAnswer })
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
    "USER_DENIED",
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
      "Why the user left without a connection: `USER_EXIT`, `USER_DENIED` (refused consent on the bank's own page), or the error of the screen they left from. Sent as `error` on the redirect.",
  });
export type LinkExitReason = z.infer<typeof LinkExitReason>;

export const ExitLinkRequest = z
  .object({
    reason: LinkExitReason.optional().meta({ description: "Default `USER_EXIT`" }),
    screen: text({ max: 50 }).optional().meta({ description: "The screen the user left from" }),
  })
  .meta({ id: "ExitLinkRequest" });
export type ExitLinkRequest = z.infer<typeof ExitLinkRequest>;

export const ExitLinkResponse = z.object({ redirectUrl: z.url() }).meta({ id: "ExitLinkResponse" });
export type ExitLinkResponse = z.infer<typeof ExitLinkResponse>;

// ── Link → parent window messages (postMessage, exact targetOrigin: the redirect URI's origin) ──

// ── Redirect sign-in (entities with `signIn: "REDIRECT"`: the bank's own page, state + PKCE) ──

export const StartRedirectRequest = z.object({ entity: text({ max: 100 }) }).meta({ id: "StartRedirectRequest" });
export type StartRedirectRequest = z.infer<typeof StartRedirectRequest>;

/**
 * Where to send the user: the bank's authorize page (top-level only, never framed). Asking again replaces the
 * pending redirect: only the newest `authorizeUrl` can complete.
 */
export const StartRedirectResponse = z
  .object({
    authorizeUrl: z.url().meta({ description: "Open top-level: a popup from an iframe, else navigate the page" }),
    expiresAt: IsoDateTime.meta({ description: "The redirect must come back before this" }),
  })
  .meta({ id: "StartRedirectResponse" });
export type StartRedirectResponse = z.infer<typeof StartRedirectResponse>;

/** The longest received redirect URI taken: the return URL with the bank's `code` and `state`. */
export const RECEIVED_REDIRECT_URI_MAX = 4000;

/**
 * The bank sent the user back to Link's return page: complete the sign-in from that URL (Plaid's
 * `receivedRedirectUri`). Found by its `state` alone, so a full-page return or a new tab resumes the session.
 */
export const CompleteRedirectRequest = z
  .object({
    receivedRedirectUri: text({ max: RECEIVED_REDIRECT_URI_MAX }).meta({
      description: "The whole return URL, as the browser received it",
    }),
  })
  .meta({ id: "CompleteRedirectRequest" });
export type CompleteRedirectRequest = z.infer<typeof CompleteRedirectRequest>;

/** The bank's answer: signed in (or a further challenge), or the user refused consent on the bank's page. */
export const RedirectResult = z
  .discriminatedUnion("step", [
    z.object({ step: z.literal("MFA"), challenge: Challenge }),
    z.object({ step: z.literal("AUTHENTICATED") }),
    z.object({ step: z.literal("DENIED") }),
  ])
  .meta({ id: "RedirectResult" });
export type RedirectResult = z.infer<typeof RedirectResult>;

/**
 * The resumed session with a fresh `sessionToken` (the one before stops working) and the bank's answer. On
 * `DENIED` the session stays open so Link can exit with `USER_DENIED`.
 */
export const CompleteRedirectResponse = CreateLinkSessionResponse.extend({
  step: LinkStep,
  result: RedirectResult,
}).meta({ id: "CompleteRedirectResponse" });
export type CompleteRedirectResponse = z.infer<typeof CompleteRedirectResponse>;
