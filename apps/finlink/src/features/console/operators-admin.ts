import { asc, eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { operatorSessions, operators } from "../../db/schema";
import { SettingsError } from "../apps/settings-error";
import { checkNewPassword, normaliseUsername } from "./operators.service";
import { hashPassword } from "./passwords";

// What `finlink operators list | set-password | disable | enable | delete` do. Each names the operator by
// username (any case, as at sign-in) and throws `SettingsError` for one that does not exist.

export interface OperatorSummary {
  username: string;
  createdAt: Date;
  /** Locked by too many wrong passwords (until `lockedUntil`), at `now`. */
  locked: boolean;
  lockedUntil: Date | null;
  disabled: boolean;
}

const unknown = (name: string) => new SettingsError(`There is no operator named '${name}'`);

/** Every operator, by username: never the hash, nor anything from it. */
export async function listOperators(database: Database, now: Date): Promise<OperatorSummary[]> {
  const rows = await database.db
    .select({
      username: operators.username,
      createdAt: operators.createdAt,
      lockedUntil: operators.lockedUntil,
      disabledAt: operators.disabledAt,
    })
    .from(operators)
    .orderBy(asc(operators.username));
  return rows.map(({ username, createdAt, lockedUntil, disabledAt }) => {
    const locked = lockedUntil !== null && lockedUntil > now;
    return { username, createdAt, locked, lockedUntil: locked ? lockedUntil : null, disabled: disabledAt !== null };
  });
}

/**
 * Changes `fields` of the named operator and ends every session of theirs, in one transaction: a session
 * opened before the change cannot outlive it.
 */
async function changeOperator(database: Database, username: string, fields: Partial<typeof operators.$inferInsert>) {
  const name = normaliseUsername(username);
  return database.transaction(async (tx) => {
    const [row] = await tx
      .update(operators)
      .set(fields)
      .where(eq(operators.username, name))
      .returning({ id: operators.id, username: operators.username });
    if (!row) throw unknown(name);
    await tx.delete(operatorSessions).where(eq(operatorSessions.operatorId, row.id));
    return row;
  });
}

/**
 * A new password (the rules of `createOperator`): every session of the operator ends and the lockout is
 * cleared, so an operator locked out by someone guessing can sign in with it at once.
 */
export async function setOperatorPassword(database: Database, username: string, password: string) {
  checkNewPassword(password);
  const passwordHash = await hashPassword(password);
  const { username: name } = await changeOperator(database, username, {
    passwordHash,
    failedAttempts: 0,
    firstFailedAt: null,
    lockedUntil: null,
  });
  return { username: name };
}

/** The operator can no longer sign in (refused as a wrong password is) and their open sessions end now. */
export async function disableOperator(database: Database, username: string, now: Date) {
  const { username: name } = await changeOperator(database, username, { disabledAt: now });
  return { username: name, disabled: true };
}

/** The operator may sign in again (with the password they had). */
export async function enableOperator(database: Database, username: string) {
  const name = normaliseUsername(username);
  const [row] = await database.db
    .update(operators)
    .set({ disabledAt: null })
    .where(eq(operators.username, name))
    .returning({ username: operators.username });
  if (!row) throw unknown(name);
  return { username: row.username, disabled: false };
}

/** Removes the operator; their sessions go with them (`operator_sessions` cascades). */
export async function deleteOperator(database: Database, username: string) {
  const name = normaliseUsername(username);
  const [row] = await database.db
    .delete(operators)
    .where(eq(operators.username, name))
    .returning({ username: operators.username });
  if (!row) throw unknown(name);
  return { username: row.username, deleted: true };
}
