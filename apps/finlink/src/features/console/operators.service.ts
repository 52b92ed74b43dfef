import { eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { operators } from "../../db/schema";
import { SettingsError } from "../apps/settings-error";
import { dummyHash, hashPassword, verifyPassword } from "./passwords";
import type { CheckPassword } from "./sign-in-limits";

/** Failures within the window that lock an account, and for how long (OWASP's usual 5 / 15 min / 15 min). */
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
export const LOCKOUT_MS = 15 * 60_000;

export const PASSWORD_MIN = 12;
/** scrypt hashes any length, but a megabyte password is only a way to make the server work. */
export const PASSWORD_MAX = 256;
const USERNAME = /^[a-z0-9][a-z0-9._@-]{2,63}$/;

/** Usernames compare lower case: `Ana` and `ana` are one operator. */
export const normaliseUsername = (username: string) => username.trim().toLowerCase();

/** Throws `SettingsError` unless `password` is one an operator may have (`create` and `set-password`). */
export function checkNewPassword(password: string) {
  if (password.length < PASSWORD_MIN)
    throw new SettingsError(`The password must have at least ${PASSWORD_MIN} characters`);
  if (password.length > PASSWORD_MAX)
    throw new SettingsError(`The password must have at most ${PASSWORD_MAX} characters`);
}

/** Registers an operator (`finlink operators create`). Throws `SettingsError` saying what to fix. */
export async function createOperator(database: Database, username: string, password: string) {
  const name = normaliseUsername(username);
  if (!USERNAME.test(name)) {
    throw new SettingsError("The username must be 3–64 letters, digits or . _ @ -, starting with a letter or digit");
  }
  checkNewPassword(password);
  const id = crypto.randomUUID();
  const inserted = await database.db
    .insert(operators)
    .values({ id, username: name, passwordHash: await hashPassword(password) })
    .onConflictDoNothing({ target: operators.username })
    .returning({ id: operators.id });
  if (inserted.length === 0) throw new SettingsError(`An operator named '${name}' exists already`);
  return { id, username: name };
}

export type SignInResult = { ok: true; operatorId: string; username: string } | { ok: false };

/**
 * Checks a username and password with `check` (the console passes its bounded `PasswordChecks`). Every
 * refusal looks the same to the caller (unknown user, wrong password, locked or disabled account) and costs
 * one check either way: nothing tells which usernames exist. `LOCKOUT_FAILURES`
 * wrong passwords within `LOCKOUT_WINDOW_MS` lock the account for `LOCKOUT_MS`; while locked even the right
 * password is refused (and not counted), as it is for a disabled account. A success clears the count.
 */
export async function signIn(
  database: Database,
  username: string,
  password: string,
  now: Date,
  check: CheckPassword = verifyPassword,
): Promise<SignInResult> {
  const name = normaliseUsername(username);
  // A name no operator can have is not looked up (a NUL would not even reach PostgreSQL): it is an unknown user.
  const [row] = USERNAME.test(name)
    ? await database.db.select().from(operators).where(eq(operators.username, name))
    : [];
  const tooLong = password.length > PASSWORD_MAX;
  const matches = await check(tooLong ? "" : password, row && !tooLong ? row.passwordHash : await dummyHash());
  if (!row) return { ok: false };
  return database.transaction(async (tx, sql) => {
    await sql.query("select 1 from operators where id = $1 for update", [row.id]);
    const [current] = await tx.select().from(operators).where(eq(operators.id, row.id));
    if (!current || current.disabledAt) return { ok: false } as const;
    if (current.lockedUntil && current.lockedUntil > now) return { ok: false } as const;
    if (matches && !tooLong) {
      await tx
        .update(operators)
        .set({ failedAttempts: 0, firstFailedAt: null, lockedUntil: null })
        .where(eq(operators.id, row.id));
      return { ok: true, operatorId: row.id, username: row.username } as const;
    }
    const windowOpen = current.firstFailedAt && current.firstFailedAt.getTime() > now.getTime() - LOCKOUT_WINDOW_MS;
    const failures = windowOpen ? current.failedAttempts + 1 : 1;
    const lock = failures >= LOCKOUT_FAILURES;
    await tx
      .update(operators)
      .set(
        lock
          ? { failedAttempts: 0, firstFailedAt: null, lockedUntil: new Date(now.getTime() + LOCKOUT_MS) }
          : { failedAttempts: failures, firstFailedAt: windowOpen ? current.firstFailedAt : now },
      )
      .where(eq(operators.id, row.id));
    return { ok: false } as const;
  });
}
