import type { ExchangeResponse } from "@finlink/contracts";
import { and, eq } from "drizzle-orm";
import { connections } from "../../db/schema";
import { randomToken, sha256 } from "../../lib/crypto";
import { notFound } from "../../lib/problem";
import type { Services } from "../../services";
import { connectionTokenContext } from "./connection-view";
import { eraseData } from "./maintenance.service";
import { clearedUserToken } from "./user-token";

/** How long an exchange may be retried with its Idempotency-Key (the encrypted answer is kept that long). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3600_000;
const exchangeContext = (id: string) => `connection:${id}:exchange-response`;
const notFoundMessage = "Connection not found with the given public token for the current app";

type Outcome = { ok: ExchangeResponse } | { revoked: true } | { missing: true };

/**
 * Exchanges a one-time publicToken. A replay with the first call's Idempotency-Key (24 h) answers the
 * first response; any other second use revokes the connectionToken it produced — a leaked publicToken
 * used by someone else must not leave a working connection token in two hands.
 */
export async function exchangePublicToken(
  services: Services,
  appId: string,
  publicToken: string,
  idempotencyKey: string | undefined,
): Promise<ExchangeResponse> {
  const now = services.now();
  const outcome = await services.database.transaction(async (tx): Promise<Outcome> => {
    const [row] = await tx
      .select()
      .from(connections)
      .where(and(eq(connections.publicTokenHash, sha256(publicToken)), eq(connections.appId, appId)))
      .for("update");
    if (!row || row.revokedAt) return { missing: true };
    if (row.exchangedAt) {
      const replay =
        idempotencyKey !== undefined &&
        row.exchangeKey === sha256(idempotencyKey) &&
        row.exchangeResponseEnc &&
        now.getTime() - row.exchangedAt.getTime() < IDEMPOTENCY_WINDOW_MS;
      if (replay && row.exchangeResponseEnc) {
        return { ok: services.cipher.decryptJson<ExchangeResponse>(row.exchangeResponseEnc, exchangeContext(row.id)) };
      }
      // The connection is dead for everyone: its data, credentials and update/restore tokens go with it (a
      // dead connection has nothing to update or restore). Setting revokedAt under the row lock, with the
      // erase, also makes a running extraction stale: its next batch finds the run no longer current
      // (jobs/current-run.ts) and writes nothing.
      await tx
        .update(connections)
        .set({
          revokedAt: now,
          exchangeResponseEnc: null,
          connectionTokenEnc: null,
          credentialsEnc: null,
          ...clearedUserToken("update"),
          ...clearedUserToken("restore"),
          updatedAt: now,
        })
        .where(eq(connections.id, row.id));
      await eraseData(tx, row.id);
      return { revoked: true };
    }
    if (!row.publicTokenExpiresAt || row.publicTokenExpiresAt.getTime() <= now.getTime()) return { missing: true };
    const response: ExchangeResponse = { connectionToken: randomToken("connection"), connectionId: row.id };
    await tx
      .update(connections)
      .set({
        connectionTokenHash: sha256(response.connectionToken),
        // Beside its hash, encrypted: status and list show it again as Vumi's `credentialsToken`.
        connectionTokenEnc: services.cipher.encrypt(response.connectionToken, connectionTokenContext(row.id)),
        // A spent token needs no copy: `pending` no longer lists it, and only its hash detects a reuse.
        publicTokenEnc: null,
        exchangedAt: now,
        exchangeKey: idempotencyKey ? sha256(idempotencyKey) : null,
        // Kept (encrypted) only to answer an idempotent retry; cleared by the first non-matching reuse.
        exchangeResponseEnc: idempotencyKey ? services.cipher.encryptJson(response, exchangeContext(row.id)) : null,
        updatedAt: now,
      })
      .where(eq(connections.id, row.id));
    return { ok: response };
  });
  if ("ok" in outcome) return outcome.ok;
  if ("revoked" in outcome) {
    services.logger.warn({ appId }, "publicToken reused: its connectionToken was revoked");
    throw notFound(notFoundMessage, { reason: "PUBLIC_TOKEN_REUSED" });
  }
  throw notFound(notFoundMessage, { reason: "PUBLIC_TOKEN_NOT_FOUND" });
}
