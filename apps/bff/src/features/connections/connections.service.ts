import type { Connection } from "@finlink/contracts";
import { and, desc, eq } from "drizzle-orm";
import { connections } from "../../db/schema";
import { connectionNotFound } from "../../lib/problem";
import type { Services } from "../../services";
import { type ConnectionRow, snapshotOf, tokenContext } from "./connection-view";

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

/** Writes columns of one connection; answers the row as it is now (undefined if it was deleted meanwhile). */
export async function updateConnection(
  services: Pick<Services, "database">,
  id: string,
  values: Partial<typeof connections.$inferInsert>,
): Promise<ConnectionRow | undefined> {
  const [row] = await services.database.db.update(connections).set(values).where(eq(connections.id, id)).returning();
  return row;
}

export async function deleteConnectionRow(services: Services, id: string): Promise<void> {
  await services.database.db.delete(connections).where(eq(connections.id, id));
}
