import type { BffConnection, ExchangeResponse } from "@finlink/contracts";
import { and, eq } from "drizzle-orm";
import { linkStates } from "../../db/schema";
import { isFinlinkStatus, upstreamError } from "../../finlink/upstream-error";
import { sha256 } from "../../lib/crypto";
import { ApiError, badRequest } from "../../lib/problem";
import type { Services } from "../../services";
import { toBffConnection } from "../connections/connection-view";
import { storeConnection } from "../connections/connections.service";
import { markUsed, usableState } from "./link-state.service";

const invalidPublicToken = () =>
  badRequest("This Link result cannot be used (expired or already used): connect again", "INVALID_PUBLIC_TOKEN");

/** Exchanges in flight in this process, by user and publicToken: a second try joins the first instead of racing it. */
const inflight = new Map<string, Promise<BffConnection>>();

/**
 * Turns Link's publicToken into a stored connection of the signed-in user. The state must be this user's
 * unused CONNECT state; it is marked used only once the connection is stored, so a failure can be retried.
 *
 * Finlink revokes a connection whose publicToken is exchanged a second time without the first call's
 * Idempotency-Key, so a token is sent to Finlink only when it is this user's to exchange: listed by
 * `pending` for the user (start-flow's externalId), or one this user's exchange already tried (a retry after
 * a lost answer or a crash, replayed by Finlink under the same key). Anything else — another user's token,
 * a spent one — is refused here, without touching Finlink. Every try of one token by one user sends one key
 * (an HMAC of the user and the token), whichever state it comes with.
 */
export async function exchangeLinkResult(
  services: Services,
  userId: string,
  input: { publicToken: string; state: string },
): Promise<BffConnection> {
  const state = await usableState(services, userId, input.state, "CONNECT");
  const tokenHash = sha256(input.publicToken);
  const flight = `${userId}:${tokenHash}`;
  let result = inflight.get(flight);
  if (!result) {
    result = exchangeAndStore(services, userId, state.id, input.publicToken, tokenHash).finally(() =>
      inflight.delete(flight),
    );
    inflight.set(flight, result);
  }
  const connection = await result;
  // A second state that carried the same token (another tab) is spent too.
  await markUsed(services, state.id);
  return connection;
}

async function exchangeAndStore(
  services: Services,
  userId: string,
  stateId: string,
  publicToken: string,
  tokenHash: string,
): Promise<BffConnection> {
  const { api } = services.finlink;
  const idempotencyKey = services.secrets.idempotencyKey(userId, tokenHash);
  try {
    await claimToken(services, userId, stateId, publicToken, tokenHash);
    const exchanged = await exchangeOrRecover(services, userId, publicToken, idempotencyKey);
    const status = await api.connection(exchanged.connectionToken);
    // The connection must have been started for this user (start-flow's externalId): a publicToken of
    // someone else's Link flow, pasted into this user's callback, is not adopted.
    if (status.externalId !== userId) {
      services.logger.warn({ stateId }, "exchanged a publicToken started for another user: not stored");
      throw invalidPublicToken();
    }
    const row = await storeConnection(services, {
      userId,
      connectionToken: exchanged.connectionToken,
      status,
      entityName: await services.entityName(status.entity),
    });
    if (!row) throw invalidPublicToken();
    await markUsed(services, stateId);
    return toBffConnection(row);
  } catch (error) {
    if (isFinlinkStatus(error, 404)) throw invalidPublicToken();
    throw error instanceof ApiError ? error : upstreamError(error, services.logger);
  }
}

/**
 * Refuses a publicToken that is not this user's to exchange (see `exchangeLinkResult`), and records on the
 * state that this user's exchange of it is being tried, before Finlink is asked.
 */
async function claimToken(
  services: Services,
  userId: string,
  stateId: string,
  publicToken: string,
  tokenHash: string,
): Promise<void> {
  const { db } = services.database;
  const pending = await services.finlink.api.pending({ externalId: userId });
  if (!pending.some((p) => p.publicToken === publicToken)) {
    const [tried] = await db
      .select({ id: linkStates.id })
      .from(linkStates)
      .where(and(eq(linkStates.userId, userId), eq(linkStates.publicTokenHash, tokenHash)))
      .limit(1);
    if (!tried) {
      services.logger.warn({ stateId }, "refused a publicToken that is not pending for this user");
      throw invalidPublicToken();
    }
  }
  await db.update(linkStates).set({ publicTokenHash: tokenHash }).where(eq(linkStates.id, stateId));
}

/**
 * The exchange; when Finlink answers 404 for the token we just sent, `pending` says whether that token is
 * still waiting for its exchange (the 404 was an answer lost or garbled on the way): then it is exchanged
 * again, with the same key. A token pending does not list is gone for good (expired, or spent elsewhere).
 */
async function exchangeOrRecover(
  services: Services,
  userId: string,
  publicToken: string,
  idempotencyKey: string,
): Promise<ExchangeResponse> {
  const { api } = services.finlink;
  try {
    return await api.exchange(publicToken, { idempotencyKey });
  } catch (error) {
    if (!isFinlinkStatus(error, 404) || error.reason === "PUBLIC_TOKEN_REUSED") throw error;
    const pending = await api.pending({ externalId: userId });
    if (!pending.some((p) => p.publicToken === publicToken)) throw error;
    services.logger.info("exchange answered 404 for a token still pending: exchanging it again");
    return api.exchange(publicToken, { idempotencyKey });
  }
}
