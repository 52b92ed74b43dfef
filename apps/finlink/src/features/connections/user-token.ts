import type { connections } from "../../db/schema";
import { type Cipher, randomToken, sha256 } from "../../lib/crypto";
import { restoreTokenContext, type UserTokenKind, updateTokenContext } from "./connection-view";
import { USER_TOKEN_TTL_MS } from "./token-ttl";

type TokenColumns = Partial<typeof connections.$inferInsert>;

/**
 * A fresh update or restore token and the columns that keep it: its hash (Link finds the connection by it),
 * an encrypted copy (the status shows it again) and its expiry, `USER_TOKEN_TTL_MS` from `now`.
 * @example const { token, columns } = issueUserToken(cipher, row.id, "restore", now);
 */
export function issueUserToken(
  cipher: Cipher,
  connectionId: string,
  kind: UserTokenKind,
  now: Date,
): { token: string; columns: TokenColumns } {
  const token = randomToken(kind);
  const expiresAt = new Date(now.getTime() + USER_TOKEN_TTL_MS);
  const columns: TokenColumns =
    kind === "update"
      ? {
          updateTokenHash: sha256(token),
          updateTokenEnc: cipher.encrypt(token, updateTokenContext(connectionId)),
          updateTokenExpiresAt: expiresAt,
        }
      : {
          restoreTokenHash: sha256(token),
          restoreTokenEnc: cipher.encrypt(token, restoreTokenContext(connectionId)),
          restoreTokenExpiresAt: expiresAt,
        };
  return { token, columns };
}

/** The columns of a used or settled update or restore token, emptied together so no half of it lingers. */
export function clearedUserToken(kind: UserTokenKind): TokenColumns {
  return kind === "update"
    ? { updateTokenHash: null, updateTokenEnc: null, updateTokenExpiresAt: null }
    : { restoreTokenHash: null, restoreTokenEnc: null, restoreTokenExpiresAt: null };
}
