import type { Services } from "../../services";
import { type ConnectionRow, snapshotOf } from "./connection-view";
import { connectionTokenOf, updateConnection } from "./connections.service";

/** Finlink is asked about one connection at most this often, however many tabs poll it. */
export const POLL_INTERVAL_MS = 1000;
/** Past this many remembered connections, those not asked about within the interval are forgotten. */
const PRUNE_ABOVE = 1000;

const isMoving = (row: ConnectionRow) => row.status === "PENDING" || row.status === "UPDATING";

/**
 * The status endpoint's reads of Finlink, per connection: single-flight (concurrent polls share one call)
 * and at most one call a second (polls in between answer the stored snapshot). In process memory: each
 * BFF process asks at most once a second per connection.
 */
export class StatusPoller {
  readonly #last = new Map<string, { at: number; inflight: Promise<ConnectionRow> | undefined }>();

  constructor(private readonly services: Omit<Services, "poller">) {}

  /** The connection, asked of Finlink first while it is PENDING or UPDATING; from the store otherwise. */
  current(row: ConnectionRow): Promise<ConnectionRow> {
    return isMoving(row) ? this.poll(row, false) : Promise.resolve(row);
  }

  /** Asks Finlink now (joining a call in flight), whatever the interval: after the user finished Link. */
  now(row: ConnectionRow): Promise<ConnectionRow> {
    return this.poll(row, true);
  }

  /** Forgets a deleted connection. */
  forget(id: string): void {
    this.#last.delete(id);
  }

  private poll(row: ConnectionRow, force: boolean): Promise<ConnectionRow> {
    const at = this.services.now().getTime();
    const last = this.#last.get(row.id);
    if (last?.inflight) return last.inflight;
    if (!force && last && at - last.at < POLL_INTERVAL_MS) return Promise.resolve(row);
    if (this.#last.size >= PRUNE_ABOVE) this.prune(at);
    const inflight = this.fetch(row).finally(() => {
      const entry = this.#last.get(row.id);
      if (entry?.inflight === inflight) entry.inflight = undefined;
    });
    this.#last.set(row.id, { at, inflight });
    return inflight;
  }

  /** A Finlink failure leaves the stored snapshot standing (the SPA polls again); it is logged, not answered. */
  private async fetch(row: ConnectionRow): Promise<ConnectionRow> {
    const { services } = this;
    try {
      const status = await services.finlink.api.connection(connectionTokenOf(services, row));
      return (await updateConnection(services, row.id, snapshotOf(status))) ?? row;
    } catch (error) {
      services.logger.warn(
        { connectionId: row.id, error: error instanceof Error ? error.message : String(error) },
        "connection status not read from Finlink",
      );
      return row;
    }
  }

  private prune(at: number): void {
    for (const [id, entry] of this.#last) {
      if (!entry.inflight && at - entry.at >= POLL_INTERVAL_MS) this.#last.delete(id);
    }
  }
}
