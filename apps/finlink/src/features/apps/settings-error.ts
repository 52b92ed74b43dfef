/**
 * A setting an operator (or the CLI) asked for that breaks a rule: a readable message to show as it is.
 * Anything else thrown while changing settings is a fault on our side, not the user's.
 */
export class SettingsError extends Error {
  override readonly name = "SettingsError";
}

/** Runs one of the `check…` validators (which throw plain Errors saying what to fix) as a `SettingsError`. */
export function checked<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new SettingsError(error instanceof Error ? error.message : String(error));
  }
}
