import { Turns } from "../../lib/turns";
import type { Services } from "../../services";
import { verifyPassword } from "./passwords";

/**
 * Console sign-ins per client address: 20 in 15 minutes, then that address is answered 429 before any
 * password is checked. Each check is one scrypt (~50–100 ms of a core): without this, sign-ins with random
 * usernames (checked against the dummy hash, so no account lockout ever counts them) could keep every core
 * busy. 20 is four account lockouts' worth: operators behind one NAT can mistype (each account locks after
 * 5) well before their address is refused; an attacker gets 20 checks (~2 s of a core) per address per 15 minutes.
 * Counted as the sign-in starts, so parallel requests cannot all pass the check; a success gives its count
 * back, so in effect failures are counted. While an address is over the limit even the right password is
 * refused: telling it from a wrong one is the scrypt the limit saves.
 */
export const SIGN_IN_FAILURE_LIMIT = 20;
export const SIGN_IN_FAILURE_WINDOW_MS = 15 * 60_000;
/**
 * Password checks at once, per process: one. Operators sign in a few times a day; a flood from many
 * addresses then takes one core at most, and the other is left to the API and the workers.
 */
export const PASSWORD_CHECK_CONCURRENCY = 1;
/** Checks that may wait (under a second at the back): beyond them, 503 at once. */
export const PASSWORD_CHECK_QUEUE = 8;

export type CheckPassword = (password: string, stored: string) => Promise<boolean>;

/** Thrown when as many password checks wait as the queue holds: answer 503 with Retry-After. */
export class PasswordChecksBusy extends Error {
  constructor() {
    super("too many operator password checks waiting");
    this.name = "PasswordChecksBusy";
  }
}

export interface PasswordChecksOptions {
  concurrency: number;
  queueLimit: number;
  /** The check itself: `verifyPassword`, unless a test looks in. */
  check?: CheckPassword;
}

/**
 * Operator password checks a few at a time, with a short queue (as `SecretVerifier` does for client secrets,
 * whose hashes are of another form): a flood waits or is refused instead of taking every core and libuv
 * thread from the requests around it.
 */
export class PasswordChecks {
  readonly #turns: Turns;

  constructor(private readonly options: PasswordChecksOptions) {
    this.#turns = new Turns(options.concurrency, options.queueLimit, () => new PasswordChecksBusy());
  }

  /** Checks waiting for a turn. */
  get queued(): number {
    return this.#turns.queued;
  }

  /** Whether `password` matches `stored`; throws `PasswordChecksBusy` when the queue is full. */
  readonly verify: CheckPassword = (password, stored) =>
    this.#turns.run(() => (this.options.check ?? verifyPassword)(password, stored));
}

/** One sign-in attempt: counted before the password is checked, or (over the limit) not counted at all. */
export interface SignInAttempt {
  address: string | null;
  at: number;
  /** Seconds until the address is under its limit again; 0 when the attempt was counted. */
  throttledFor: number;
}

/**
 * Counts an attempt for the client's address (check and count in one step, in the database shared by every
 * process); over the limit nothing is counted and `throttledFor` says for how long. An unknown address (a
 * request made in-process) is not counted. Settle it afterwards.
 */
export async function takeSignInAttempt(services: Services, address: string | null): Promise<SignInAttempt> {
  const at = services.now().getTime();
  const limiter = services.limits.consoleSignInPerAddress;
  return { address, at, throttledFor: address ? await limiter.take(address, at) : 0 };
}

/**
 * A counted refusal stays counted; anything else (success, a busy server, an error) is given back. Only for
 * an attempt that was counted (`throttledFor` 0): a throttled one is answered 429 and never settled.
 */
export async function settleSignInAttempt(services: Services, attempt: SignInAttempt, refused: boolean) {
  if (!refused && attempt.address) {
    await services.limits.consoleSignInPerAddress.giveBack(attempt.address, attempt.at);
  }
}
