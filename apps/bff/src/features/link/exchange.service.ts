import type { BffConnection, ExchangeResponse } from "@finlink/contracts";
import { isFinlinkStatus, upstreamError } from "../../finlink/upstream-error";
import { ApiError, badRequest } from "../../lib/problem";
import type { Services } from "../../services";
import { toBffConnection } from "../connections/connection-view";
import { storeConnection } from "../connections/connections.service";
import { type LinkStateRow, markUsed, usableState } from "./link-state.service";

const invalidPublicToken = () =>
  badRequest("This Link result cannot be used (expired or already used): connect again", "INVALID_PUBLIC_TOKEN");

/** Exchanges in flight in this process, by state: a double click joins the first request instead of racing it. */
const inflight = new Map<string, { publicToken: string; result: Promise<BffConnection> }>();

/**
 * Turns Link's publicToken into a stored connection of the signed-in user. The state must be this user's
 * unused CONNECT state; it is marked used only once the connection is stored, so a failure can be retried.
 * Every try with one state sends one Idempotency-Key (an HMAC of the state's id), so Finlink answers a
 * retry — ours after a lost answer, another process's, the node client's own — with the same connection
 * instead of revoking it as a reused publicToken.
 */
export async function exchangeLinkResult(
  services: Services,
  userId: string,
  input: { publicToken: string; state: string },
): Promise<BffConnection> {
  const state = await usableState(services, userId, input.state, "CONNECT");
  const running = inflight.get(state.id);
  if (running) {
    if (running.publicToken !== input.publicToken) throw invalidPublicToken();
    return running.result;
  }
  const result = exchangeAndStore(services, userId, state, input.publicToken).finally(() => inflight.delete(state.id));
  inflight.set(state.id, { publicToken: input.publicToken, result });
  return result;
}

async function exchangeAndStore(
  services: Services,
  userId: string,
  state: LinkStateRow,
  publicToken: string,
): Promise<BffConnection> {
  const { api } = services.finlink;
  const idempotencyKey = services.secrets.idempotencyKey(state.id);
  try {
    const exchanged = await exchangeOrRecover(services, userId, publicToken, idempotencyKey);
    const status = await api.connection(exchanged.connectionToken);
    // The connection must have been started for this user (start-flow's externalId): a publicToken of
    // someone else's Link flow, pasted into this user's callback, is not adopted.
    if (status.externalId !== userId) {
      services.logger.warn({ stateId: state.id }, "exchanged a publicToken started for another user: not stored");
      throw invalidPublicToken();
    }
    const row = await storeConnection(services, {
      userId,
      connectionToken: exchanged.connectionToken,
      status,
      entityName: await services.entityName(status.entity),
    });
    if (!row) throw invalidPublicToken();
    await markUsed(services, state.id);
    return toBffConnection(row);
  } catch (error) {
    if (isFinlinkStatus(error, 404)) throw invalidPublicToken();
    throw error instanceof ApiError ? error : upstreamError(error, services.logger);
  }
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
