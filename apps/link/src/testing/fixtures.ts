import type { Challenge, LinkEntity } from "@finlink/contracts";
import type { LinkApi, LinkSessionInfo } from "../api/link-api";
import { LinkApiError } from "../api/link-api-error";

/** A bank like the sandbox's, with its username and password form. */
export const bank: LinkEntity = {
  id: "sandbox_bank",
  name: "Banco Sandbox",
  country: "ES",
  maturity: "TEST",
  products: ["TRANSACTIONS"],
  twoFactor: true,
  logoUrl: null,
  type: "BANK",
  brandColor: "#1d4ed8",
  popularity: 100,
  status: "AVAILABLE",
  signIn: "FORM",
  credentialFields: [
    { name: "username", label: { es: "Usuario", en: "Username" }, type: "text", autocomplete: "username" },
    {
      name: "password",
      label: { es: "Contraseña", en: "Password" },
      type: "password",
      autocomplete: "current-password",
    },
  ],
};

export const broker: LinkEntity = {
  ...bank,
  id: "sandbox_broker",
  name: "Bróker Sandbox",
  type: "BROKER",
  brandColor: "#047857",
  popularity: 90,
};

/** A bank its connector reports down. */
export const downBank: LinkEntity = {
  ...bank,
  id: "sandbox_bank_down",
  name: "Banco Sandbox Caído",
  brandColor: "#475467",
  popularity: 10,
  status: "UNAVAILABLE",
  statusReason: "OUTAGE",
};

/** A bank whose sign-in happens on its own page (redirect SCA), as the sandbox's sandbox_bank_oauth. */
export const oauthBank: LinkEntity = {
  ...bank,
  id: "sandbox_bank_oauth",
  name: "Banco Sandbox OAuth",
  brandColor: "#7c3aed",
  popularity: 50,
  signIn: "REDIRECT",
  credentialFields: [],
};

/** A one-time code as the sandbox's user_otp gets it: by SMS, a resend and app approval on offer. */
export const otpChallenge = (fields: Partial<Extract<Challenge, { type: "OTP" }>> = {}): Challenge => ({
  id: "ch_1",
  type: "OTP",
  length: 6,
  sentTo: { es: "SMS al •••• 1234", en: "SMS to •••• 1234" },
  attemptsLeft: 3,
  canResend: true,
  alternatives: ["APP"],
  ...fields,
});

export const APP_ORIGIN = "https://app.example";

export const session = (fields: Partial<LinkSessionInfo> = {}): LinkSessionInfo => ({
  expiresAt: "2030-01-01T00:30:00.000Z",
  app: { name: "Demo app", privacyPolicyUrl: null, termsUrl: null },
  redirectOrigin: APP_ORIGIN,
  operation: "CONNECT",
  product: "TRANSACTIONS",
  entity: null,
  fixedUsername: null,
  lang: "en",
  theme: null,
  ...fields,
});

export const problem = (
  status: number,
  reason: string,
  extra: Partial<ConstructorParameters<typeof LinkApiError>[0]> = {},
) => new LinkApiError({ status, reason, requestId: "req-1", ...extra });

const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected call: ${name}`));

/** A LinkApi whose every call fails unless the test gives it an answer. */
export function fakeApi(overrides: Partial<LinkApi> = {}): LinkApi {
  return {
    createSession: unexpected("createSession"),
    searchEntities: unexpected("searchEntities"),
    submitCredentials: unexpected("submitCredentials"),
    answerChallenge: unexpected("answerChallenge"),
    getSession: unexpected("getSession"),
    startRedirect: unexpected("startRedirect"),
    completeRedirect: unexpected("completeRedirect"),
    finish: unexpected("finish"),
    exit: unexpected("exit"),
    lastRequestId: () => "req-last",
    ...overrides,
  };
}
