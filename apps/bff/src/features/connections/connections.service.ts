import type { Connection } from "@finlink/contracts";
import { and, desc, eq, lte } from "drizzle-orm";
import { connections } from "../../db/schema";
import { connectionNotFound } from "../../lib/problem";
import type { Services } from "../../services";
import { type ConnectionRow, snapshotOf, toBffConnection, tokenContext } from "./connection-view";

/** The connection `id` if it is `userId`'s; 404 otherwise, the same answer as for one that does not exist. */
export async function ownedConnection(services: Services, userId: string, id: string): Promise<ConnectionRow> {
  // Not a uuid: no such row, and no query with a value PostgreSQL would refuse.
  if (!UUID.test(id)) throw connectionNotFound();
  const [row] = await services.database.db
    .select()
    .from(connections)
    .where(and(eq(connections.id, id), eq(connections.userId, userId)));
  if (!row) throw connectionNotFound();
  return row;
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const userConnections = (services: Services, userId: string) =>
  services.database.db
    .select()
    .from(connections)
    .where(eq(connections.userId, userId))
    .orderBy(desc(connections.createdAt), desc(connections.id));

/** The stored connection with Finlink's id `finlinkConnectionId`, whoever's it is (a webhook names it so). */
export async function connectionByFinlinkId(
  services: Pick<Services, "database">,
  finlinkConnectionId: string,
): Promise<ConnectionRow | undefined> {
  const [row] = await services.database.db
    .select()
    .from(connections)
    .where(eq(connections.finlinkConnectionId, finlinkConnectionId));
  return row;
}

/** The connectionToken, decrypted for one call to Finlink; never logged, never answered. */
export const connectionTokenOf = (services: Pick<Services, "secrets">, row: ConnectionRow) =>
  services.secrets.decrypt(row.connectionTokenEnc, tokenContext(row.id));

/**
 * Stores a newly exchanged connection. Two requests exchanging the same Link result (two processes, a
 * retry) get the same Finlink connection back: the second insert finds the first row and answers it.
 */
export async function storeConnection(
  services: Services,
  input: { userId: string; connectionToken: string; status: Connection; entityName: string | null },
): Promise<ConnectionRow | null> {
  const id = crypto.randomUUID();
  const { db } = services.database;
  await db
    .insert(connections)
    .values({
      id,
      userId: input.userId,
      finlinkConnectionId: input.status.connectionId,
      connectionTokenEnc: services.secrets.encrypt(input.connectionToken, tokenContext(id)),
      entityName: input.entityName,
      ...snapshotOf(input.status),
    })
    .onConflictDoNothing({ target: connections.finlinkConnectionId });
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.finlinkConnectionId, input.status.connectionId), eq(connections.userId, input.userId)));
  return row ?? null;
}

type Writer = Pick<Services, "database" | "events">;

/**
 * Writes columns of one connection; answers the row as it is now (undefined if it was deleted meanwhile).
 * The one writer of a stored connection (with `storeStatus`): it tells the connection's open streams.
 */
export async function updateConnection(
  services: Writer,
  id: string,
  values: Partial<typeof connections.$inferInsert>,
): Promise<ConnectionRow | undefined> {
  const [row] = await services.database.db.update(connections).set(values).where(eq(connections.id, id)).returning();
  if (row) services.events.publish(row.id, { type: "connection", connection: toBffConnection(row) });
  return row;
}

/**
 * Stores a status read from Finlink, unless one Finlink wrote later is stored already: two reads in flight
 * (a poll, a webhook's re-read, another BFF process) may be answered out of order, and the older answer
 * must not move the connection back. Answers the row as it is now, whichever won.
 */
export async function storeStatus(
  services: Writer,
  id: string,
  status: Connection,
): Promise<ConnectionRow | undefined> {
  const values = snapshotOf(status);
  const { db } = services.database;
  const [row] = await db
    .update(connections)
    .set(values)
    .where(and(eq(connections.id, id), lte(connections.finlinkUpdatedAt, values.finlinkUpdatedAt)))
    .returning();
  if (row) {
    services.events.publish(row.id, { type: "connection", connection: toBffConnection(row) });
    return row;
  }
  const [current] = await db.select().from(connections).where(eq(connections.id, id));
  return current;
}

/** Removes the stored connection; its open streams hear `deleted` and end. */
export async function deleteConnectionRow(services: Writer, id: string): Promise<void> {
  const gone = await services.database.db
    .delete(connections)
    .where(eq(connections.id, id))
    .returning({ id: connections.id });
  if (gone.length > 0) services.events.publish(id, { type: "deleted", id });
}
