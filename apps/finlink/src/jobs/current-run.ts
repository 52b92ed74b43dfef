import { and, eq, inArray, isNull, type SQL } from "drizzle-orm";
import { connections } from "../db/schema";
import type { ExtractJob } from "./jobs";

/**
 * The connection row while `job` is its current run: same run number, still extracting, not revoked.
 * Every write of a run is guarded by it, so a newer run, a reset-login (new run number), a revoke
 * (revokedAt) or a delete (no row) ends the run's right to write the moment it commits.
 */
export function currentRun(job: ExtractJob): SQL {
  return and(
    eq(connections.id, job.connectionId),
    eq(connections.syncRun, job.run),
    inArray(connections.status, ["PENDING", "UPDATING"]),
    isNull(connections.revokedAt),
  ) as SQL;
}
