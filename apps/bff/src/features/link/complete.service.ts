import type { BffConnection } from "@finlink/contracts";
import { connectionNotFound } from "../../lib/problem";
import type { Services } from "../../services";
import { toBffConnection } from "../connections/connection-view";
import { ownedConnection, updateConnection } from "../connections/connections.service";
import { markUsed, usableState } from "./link-state.service";

/**
 * The end of an update or restore flow (Link's redirect with `operation=UPDATE`): the state must be this
 * user's, for a connection of theirs. The connection is marked UPDATING at once (so the SPA polls), then
 * Finlink is asked for its real status, which may already be READY again.
 */
export async function completeUpdate(services: Services, userId: string, stateValue: string): Promise<BffConnection> {
  const state = await usableState(services, userId, stateValue, "UPDATE");
  if (!state.connectionId) throw new Error("an UPDATE state without its connection");
  const row = await ownedConnection(services, userId, state.connectionId);
  await markUsed(services, state.id);
  const updating = (await updateConnection(services, row.id, { status: "UPDATING", userAction: null })) ?? row;
  const current = await services.poller.now(updating);
  // Gone at Finlink meanwhile (and so here too): the same answer as for any connection not found.
  if (!current) throw connectionNotFound();
  return toBffConnection(current);
}
