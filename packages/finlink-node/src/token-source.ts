import { decodeJwt } from "jose";

/** A token is replaced this long before its `exp`, so a call never leaves with one about to expire. */
export const TOKEN_RENEW_MARGIN_MS = 60_000;

interface CachedToken {
  value: string;
  expiresAtMs: number;
}

/**
 * The API token: fetched by `login` on first use, kept until 60 s before its `exp`, and fetched once for
 * every caller waiting at the same moment (single-flight), however many calls start together.
 */
export class TokenSource {
  #cached: CachedToken | undefined;
  #pending: Promise<string> | undefined;

  constructor(
    private readonly login: () => Promise<string>,
    private readonly now: () => Date,
  ) {}

  /** A token valid for at least another minute. */
  get(): Promise<string> {
    const cached = this.#cached;
    if (cached && this.now().getTime() < cached.expiresAtMs - TOKEN_RENEW_MARGIN_MS)
      return Promise.resolve(cached.value);
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /**
   * Drops `token` after Finlink refused it (401). Only that token: when ten calls get a 401 for it at once,
   * the first drops it, and the other nine then share the one new login.
   */
  invalidate(token: string): void {
    if (this.#cached?.value === token) this.#cached = undefined;
  }

  async #fetch(): Promise<string> {
    const value = await this.login();
    this.#cached = { value, expiresAtMs: expiryOf(value) };
    return value;
  }
}

/** `exp` of a JWT, in ms. Read without verifying: the client only needs to know when to log in again. */
export function expiryOf(token: string): number {
  let exp: unknown;
  try {
    exp = decodeJwt(token).exp;
  } catch {
    throw new TypeError("The login answer's token is not a JWT");
  }
  if (typeof exp !== "number" || !Number.isFinite(exp)) throw new TypeError("The login answer's token has no `exp`");
  return exp * 1000;
}
