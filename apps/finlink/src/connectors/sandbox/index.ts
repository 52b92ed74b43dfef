import { randomBytes } from "node:crypto";
import type { Connector } from "../connector";
import { entityLogo, entityStatus, findEntity, listEntities } from "./entities";
import { extract } from "./extract";
import { answer, login } from "./login";
import { SandboxBank } from "./oauth";

export { MAX_MFA_ATTEMPTS, MAX_OTP_RESENDS, SANDBOX_OTP } from "./challenges";
export {
  ibanCheckDigits,
  isinCheckDigit,
  isValidCif,
  isValidIban,
  isValidIsin,
  spanishCif,
  spanishIban,
} from "./checksums";
export {
  SANDBOX_BANK,
  SANDBOX_BANK_APP,
  SANDBOX_BANK_DNI,
  SANDBOX_BANK_DOWN,
  SANDBOX_BANK_OAUTH,
  SANDBOX_BROKER,
  SANDBOX_ENTITY_IDS,
  type SandboxEntityId,
} from "./entities";
export {
  CODE_CHALLENGE,
  CODE_TTL_MS,
  CONSENT_VALIDITY_MS,
  checkBankUser,
  SANDBOX_AUTHORIZE_PATH,
  SANDBOX_OAUTH_CLIENT_ID,
  SandboxBank,
  s256,
  sandboxBankKey,
} from "./oauth";
export { autoAnswer, signInAutomatically } from "./sign-in";
export { SANDBOX_PASSWORD, SANDBOX_USERNAMES, type SandboxUsername } from "./users";

export interface SandboxOptions {
  /** Multiplies every artificial extraction delay: 0 in tests, 1 (the default) for a realistic demo. */
  timeScale?: number;
  /** When an app approval approves itself, measured from the sign-in (default 3 s). */
  approvalDelayMs?: number;
  /** When an app approval nobody approved expires with MFA_TIMEOUT (default 2 min). */
  approvalTimeoutMs?: number;
  /**
   * The redirect bank (`sandbox_bank_oauth`): its page's origin and the key its codes are sealed under (the
   * same in every process: `sandboxBankKey`). Default: a random key on http://localhost, for tests of the rest.
   */
  bank?: SandboxBank;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
  return value;
}

/**
 * The deterministic sandbox connector: five test entities and the `user_*` usernames of DESIGN §6 (plus
 * `user_joint`, whose accounts have different holders), with
 * data generated from entity + username. It keeps nothing between calls.
 * @example
 * const connector = createSandboxConnector({ timeScale: 0 });
 * const step = await connector.login({
 *   entityId: "sandbox_bank", credentials: { username: "user_good", password: "pass_good" }, now: new Date(),
 * }); // { kind: "ok", twoFactor: false, state: … }
 */
export function createSandboxConnector(options: SandboxOptions = {}): Connector {
  const timeScale = nonNegative("timeScale", options.timeScale ?? 1);
  const timing = {
    approvalDelayMs: nonNegative("approvalDelayMs", options.approvalDelayMs ?? 3_000),
    approvalTimeoutMs: nonNegative("approvalTimeoutMs", options.approvalTimeoutMs ?? 120_000),
  };
  const bank = options.bank ?? new SandboxBank(randomBytes(32), "http://localhost");
  return {
    entities: listEntities,
    login: async (input) =>
      findEntity(input.entityId)?.entity.signIn === "REDIRECT" ? bank.signInWithoutPage(input) : login(input, timing),
    beginRedirect: async (input) => bank.begin(input),
    completeRedirect: async (input) => bank.exchange(input),
    answer: async (input) => answer(input, timing),
    extract: (input) => extract(input, timeScale),
    status: entityStatus,
    logo: entityLogo,
  };
}
