import { createHash, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { Cipher } from "../../lib/crypto";
import {
  type ConnectorError,
  type Credentials,
  type LoginStep,
  REDIRECT_USER_KEY,
  type RedirectBegin,
  type RedirectCompletion,
} from "../connector";
import { findEntity } from "./entities";
import { sandboxError } from "./errors";
import { SANDBOX_PASSWORD, type SandboxUsername, type SignedIn, USERS } from "./users";

// The sandbox's redirect-SCA bank (`sandbox_bank_oauth`): its authorize page is Finlink's own
// (`features/sandbox-bank`), and this file is both sides of what a PSD2 bank keeps apart — the bank issuing
// codes and the connector redeeming them. Nothing is stored: a code is a sealed blob (AES-GCM under a key derived
// from Finlink's data key, so every process reads it) naming the user, the PKCE challenge, the redirect URI and
// its expiry. Its single use is the server's: the state it answers to is consumed atomically before the
// exchange, and only that session holds the verifier the challenge needs (decision record 007).

/** The sandbox bank's client id for Finlink, as a bank's developer portal would register it. */
export const SANDBOX_OAUTH_CLIENT_ID = "finlink";
/** Where the bank's page is, on Finlink's origin. */
export const SANDBOX_AUTHORIZE_PATH = "/sandbox/oauth/authorize";
/** A code is exchanged within 5 minutes of the approval, or never (RFC 6749 §4.1.2 says at most 10). */
export const CODE_TTL_MS = 5 * 60_000;
/** A PSD2 consent for account information lasts 90 days here (the RTS allows 90, or 180 since 2023). */
export const CONSENT_VALIDITY_MS = 90 * 86_400_000;

const CODE_CONTEXT = "sandbox-bank:code";

/** What a code holds; only the bank can read or make one. */
interface CodeClaims {
  v: 1;
  entityId: string;
  user: SandboxUsername;
  codeChallenge: string;
  redirectUri: string;
  /** Epoch ms. */
  exp: number;
}

/** The key the sandbox bank seals codes under: the same in every process of a deployment. */
export const sandboxBankKey = (encryptionKey: Buffer): Buffer =>
  Buffer.from(hkdfSync("sha256", encryptionKey, Buffer.alloc(0), "finlink sandbox bank codes", 32));

/** RFC 7636's S256: BASE64URL(SHA-256(ASCII(code_verifier))). */
export const s256 = (verifier: string) => createHash("sha256").update(verifier, "ascii").digest("base64url");

/** A code_challenge as S256 makes it: 43 base64url characters. */
export const CODE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** The bank's user check on its own page: the sandbox users, password `pass_good`. */
export function checkBankUser(
  username: string,
  password: string,
): { user: SandboxUsername } | { error: "INVALID_CREDENTIALS" | "ACCOUNT_LOCKED" } {
  const user = username.trim().toLowerCase();
  const behaviour = Object.hasOwn(USERS, user) ? USERS[user as SandboxUsername] : undefined;
  if (!behaviour || password !== SANDBOX_PASSWORD) return { error: "INVALID_CREDENTIALS" };
  if (behaviour.loginError === "ACCOUNT_LOCKED") return { error: "ACCOUNT_LOCKED" };
  return { user: user as SandboxUsername };
}

const sameText = (a: string, b: string) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};

/** A refused exchange (OAuth's `invalid_grant`): never an honest user's doing; they start the sign-in again. */
const invalidGrant = (): LoginStep => ({ kind: "error", error: sandboxError("BAD_STATE") });

/** The bank's consent for `user`, as the connection's credentials: an id, who, and until when. */
function consentStep(user: SandboxUsername, now: Date): LoginStep {
  const consent: Credentials = {
    consentId: `csn_${randomBytes(16).toString("base64url")}`,
    [REDIRECT_USER_KEY]: user,
    validUntil: new Date(now.getTime() + CONSENT_VALIDITY_MS).toISOString(),
  };
  // The bank did its strong authentication on its own page, once: the consent then lets Finlink read unattended
  // (PSD2 allows four reads a day without the user) until it lapses. So not `twoFactor`, which would make every
  // daily update wait for the user with an updateToken.
  return { kind: "ok", twoFactor: false, state: consent };
}

/** The sandbox bank: its authorize URL, the codes its page issues, and the token exchange. */
export class SandboxBank {
  readonly #cipher: Cipher;

  constructor(
    key: Buffer,
    /** The bank page's origin: Finlink's public URL. */
    readonly origin: string,
  ) {
    this.#cipher = new Cipher(key);
  }

  /** The connector's `beginRedirect`: the page's URL, for a redirect entity only. */
  begin(input: RedirectBegin): { kind: "redirect"; authorizeUrl: string } | LoginStep {
    if (findEntity(input.entityId)?.entity.signIn !== "REDIRECT")
      return { kind: "error", error: sandboxError("UNKNOWN_ENTITY") };
    return { kind: "redirect", authorizeUrl: this.authorizeUrl(input) };
  }

  authorizeUrl(input: RedirectBegin): string {
    const url = new URL(SANDBOX_AUTHORIZE_PATH, this.origin);
    const params = {
      response_type: "code",
      client_id: SANDBOX_OAUTH_CLIENT_ID,
      redirect_uri: input.redirectUri,
      state: input.state,
      code_challenge: input.codeChallenge,
      code_challenge_method: "S256",
      ...(input.lang ? { lang: input.lang } : {}),
    };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return url.toString();
  }

  /** The code the page hands back on approval, valid for `CODE_TTL_MS`. */
  issueCode(input: Omit<CodeClaims, "v" | "exp">, now: Date): string {
    const claims: CodeClaims = { v: 1, ...input, exp: now.getTime() + CODE_TTL_MS };
    return this.#cipher.encryptJson(claims, CODE_CONTEXT);
  }

  /** The token endpoint: the code, for this redirect URI, with the verifier of its challenge, in time. */
  exchange(input: RedirectCompletion): LoginStep {
    let claims: CodeClaims;
    try {
      claims = this.#cipher.decryptJson<CodeClaims>(input.code, CODE_CONTEXT);
    } catch {
      return invalidGrant();
    }
    if (claims.v !== 1 || claims.entityId !== input.entityId) return invalidGrant();
    if (input.now.getTime() >= claims.exp) return invalidGrant();
    if (!sameText(claims.redirectUri, input.redirectUri)) return invalidGrant();
    if (!sameText(s256(input.codeVerifier), claims.codeChallenge)) return invalidGrant();
    return consentStep(claims.user, input.now);
  }

  /**
   * `POST /sandbox/public-token`'s way in (no browser): the username and password the bank's page would take,
   * answered with the consent its approval gives. The server never sends a redirect entity's user here from Link.
   */
  signInWithoutPage(input: { entityId: string; credentials: Credentials; now: Date }): LoginStep {
    if (findEntity(input.entityId)?.entity.signIn !== "REDIRECT")
      return { kind: "error", error: sandboxError("UNKNOWN_ENTITY") };
    const checked = checkBankUser(input.credentials.username ?? "", input.credentials.password ?? "");
    if ("error" in checked) return { kind: "error", error: sandboxError(checked.error) };
    return consentStep(checked.user, input.now);
  }
}

/**
 * An extraction's sign-in for a redirect entity: the stored consent, while valid. An expired consent is
 * INVALID_CREDENTIALS, as the bank's 401 `CONSENT_EXPIRED` would be: the connection waits for a restore, which
 * goes through the bank's page again.
 */
export function authenticateConsent(entityId: string, credentials: Credentials, now: Date): SignedIn | ConnectorError {
  const sandbox = findEntity(entityId);
  if (!sandbox) return sandboxError("UNKNOWN_ENTITY");
  const user = credentials[REDIRECT_USER_KEY] ?? "";
  const validUntil = Date.parse(credentials.validUntil ?? "");
  if (!credentials.consentId || !Object.hasOwn(USERS, user) || !(now.getTime() < validUntil)) {
    return sandboxError("INVALID_CREDENTIALS");
  }
  return { sandbox, username: user as SandboxUsername, user: USERS[user as SandboxUsername] };
}
