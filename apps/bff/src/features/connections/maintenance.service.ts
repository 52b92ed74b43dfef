import type { BffConnection } from "@finlink/contracts";
import { FinlinkError } from "@finlink/node";
import { isFinlinkStatus, upstreamError } from "../../finlink/upstream-error";
import { ApiError, conflict } from "../../lib/problem";
import type { Services } from "../../services";
import { type ConnectionRow, toBffConnection, userActionOf } from "./connection-view";
import { connectionTokenOf, deleteConnectionRow, updateConnection } from "./connections.service";

/** Deletes the connection at Finlink (its data is erased there), then here. One Finlink no longer knows is gone too. */
export async function deleteConnection(services: Services, row: ConnectionRow): Promise<void> {
  try {
    await services.finlink.api.deleteConnection(connectionTokenOf(services, row));
  } catch (error) {
    if (!isFinlinkStatus(error, 404)) throw upstreamError(error, services.logger);
  }
  await deleteConnectionRow(services, row.id);
  services.poller.forget(row.id);
}

/**
 * Asks Finlink for an update. Started: the connection is UPDATING (or PENDING again, after an ERRORED first
 * extraction). When the entity needs the user, Finlink answers 409 with an update or restore token: the
 * connection then says which (`userAction`), and the answer is 409 `USER_ACTION_REQUIRED` — the SPA offers
 * the update button, which opens Link with that token (never shown to the browser).
 */
export async function refreshConnection(services: Services, row: ConnectionRow): Promise<BffConnection> {
  try {
    const { status } = await services.finlink.api.refresh(connectionTokenOf(services, row));
    const updated = await updateConnection(services, row.id, { status, userAction: null });
    return toBffConnection(updated ?? row);
  } catch (error) {
    const action = error instanceof FinlinkError && error.status === 409 ? actionOf(error) : null;
    if (!action) throw upstreamError(error, services.logger);
    // The status changed too (a restore comes with UPDATE_ERROR or ERRORED): the stored snapshot follows.
    await services.poller.now((await updateConnection(services, row.id, { userAction: action })) ?? row);
    throw conflict(
      action === "RESTORE"
        ? "The entity needs you to sign in again: open Link to restore the connection"
        : "The entity asks for a second factor: open Link to update the connection",
      "USER_ACTION_REQUIRED",
    );
  }
}

const actionOf = (error: FinlinkError) => {
  const problem: Record<string, unknown> = error.problem ?? {};
  const token = (name: string) => (typeof problem[name] === "string" ? (problem[name] as string) : null);
  return userActionOf({ updateToken: token("updateToken"), restoreToken: token("restoreToken") });
};

/** Thrown by `userTokenOf` when nothing needs the user: the SPA should not have offered the button. */
const noUserAction = () =>
  new ApiError(409, "Conflict", "The connection does not need you now: nothing to update in Link", {
    reason: "NO_USER_ACTION",
  });

/** The update or restore token Finlink's status holds now (a restore first), for start-flow; 409 when none. */
export async function userTokenOf(
  services: Services,
  row: ConnectionRow,
): Promise<{ updateToken: string } | { restoreToken: string }> {
  let status: Awaited<ReturnType<Services["finlink"]["api"]["connection"]>>;
  try {
    status = await services.finlink.api.connection(connectionTokenOf(services, row));
  } catch (error) {
    throw upstreamError(error, services.logger);
  }
  await updateConnection(services, row.id, { userAction: userActionOf(status) });
  if (status.restoreToken) return { restoreToken: status.restoreToken };
  if (status.updateToken) return { updateToken: status.updateToken };
  throw noUserAction();
}
