import { importJWK, type JWK } from "jose";
import { WebhookVerificationError } from "./verification-error";

/** Answers the public JWK named `kid`, `null` when there is none (a 404); throws when it cannot tell. */
export type KeyFetcher = (kid: string) => Promise<JWK | null>;

export type VerificationKey = Awaited<ReturnType<typeof importJWK>>;

export interface KeyCacheOptions {
  /** Keys kept, least recently used dropped first (default 32: rotations are rare). */
  maxKeys?: number;
  /** How long a `kid` Finlink does not know stays refused without asking again (default 60 s). */
  unknownKeySeconds?: number;
  now: () => Date;
}

/** Unknown kids remembered at most: a flood of made-up kids must not grow memory without bound. */
const MAX_UNKNOWN = 1024;

/**
 * Verification keys by `kid`. A key never changes under its kid, so a found key is kept (LRU-capped); a kid
 * Finlink does not know is remembered briefly, so a flood of messages naming it asks Finlink once; and
 * concurrent lookups of one kid share one fetch.
 */
export class KeyCache {
  readonly #keys = new Map<string, VerificationKey>();
  readonly #unknownUntil = new Map<string, number>();
  readonly #fetching = new Map<string, Promise<VerificationKey | null>>();
  readonly #maxKeys: number;
  readonly #unknownMs: number;

  constructor(
    private readonly fetcher: KeyFetcher,
    private readonly options: KeyCacheOptions,
  ) {
    this.#maxKeys = options.maxKeys ?? 32;
    this.#unknownMs = (options.unknownKeySeconds ?? 60) * 1000;
  }

  /** The key, or null when Finlink has none with this kid. */
  async get(kid: string): Promise<VerificationKey | null> {
    const key = this.#keys.get(kid);
    if (key) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.#keys.delete(kid);
      this.#keys.set(kid, key);
      return key;
    }
    const until = this.#unknownUntil.get(kid);
    if (until !== undefined && this.options.now().getTime() < until) return null;
    let pending = this.#fetching.get(kid);
    if (!pending) {
      pending = this.#fetch(kid).finally(() => this.#fetching.delete(kid));
      this.#fetching.set(kid, pending);
    }
    return pending;
  }

  async #fetch(kid: string): Promise<VerificationKey | null> {
    let jwk: JWK | null;
    try {
      jwk = await this.fetcher(kid);
    } catch (cause) {
      throw new WebhookVerificationError("KEY_FETCH_FAILED", `Could not fetch verification key ${kid}`, { cause });
    }
    if (jwk === null) {
      this.#rememberUnknown(kid);
      return null;
    }
    if (jwk.kid !== undefined && jwk.kid !== kid)
      throw new WebhookVerificationError("KEY_FETCH_FAILED", `Asked for key ${kid}, got key ${jwk.kid}`);
    let key: VerificationKey;
    try {
      key = await importJWK(jwk, "ES256");
    } catch (cause) {
      throw new WebhookVerificationError("KEY_FETCH_FAILED", `Key ${kid} is not an ES256 public JWK`, { cause });
    }
    this.#unknownUntil.delete(kid);
    this.#keys.set(kid, key);
    if (this.#keys.size > this.#maxKeys) this.#keys.delete(this.#keys.keys().next().value as string);
    return key;
  }

  #rememberUnknown(kid: string): void {
    this.#unknownUntil.delete(kid);
    this.#unknownUntil.set(kid, this.options.now().getTime() + this.#unknownMs);
    if (this.#unknownUntil.size > MAX_UNKNOWN)
      this.#unknownUntil.delete(this.#unknownUntil.keys().next().value as string);
  }
}
