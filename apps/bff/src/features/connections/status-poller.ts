import { isFinlinkStatus } from "../../finlink/upstream-error";
import type { Services } from "../../services";
import type { ConnectionRow } from "./connection-view";
import { connectionTokenOf, deleteConnectionRow, storeStatus } from "./connections.service";

/** Finlink is asked about one connection at most this often, however many tabs poll it. */
export const POLL_INTERVAL_MS = 1000;
/** Past this many remembered connections, those not asked about within the interval are forgotten. */
const PRUNE_ABOVE = 1000;

const isMoving = (row: ConnectionRow) => row.status === "PENDING" || row.status === "UPDATING";

/** A read's answer: the row as stored now, or null when Finlink no longer knows the connection (deleted here too). */
export type PollResult = ConnectionRow | null;

interface Entry {
  at: number;
  inflight: Promise<PollResult> | undefined;
  /** A read queued behind the one in flight (`fresh`): several webhooks meanwhile share it. */
  next?: Promise<PollResult> | undefined;
}

/**
 * The status endpoint's reads of Finlink, per connection: single-flight (concurrent polls share one call)
 * and at most one call a second (polls in between answer the stored snapshot). In process memory: each
 * BFF process asks at most once a second per connection.
 */
export class StatusPoller {
  readonly #last = new Map<string, Entry>();

  constructor(private readonly services: Omit<Services, "poller" | "webhooks">) {}

  /** The connection, asked of Finlink first while it is PENDING or UPDATING; from the store otherwise. */
  current(row: ConnectionRow): Promise<PollResult> {
    return isMoving(row) ? this.poll(row, false) : Promise.resolve(row);
  }

  /** Asks Finlink now (joining a call in flight), whatever the interval: after the user finished Link. */
  now(row: ConnectionRow): Promise<PollResult> {
    return this.poll(row, true);
  }

  /**
   * Asks Finlink with a call that starts after this one: a webhook says the connection changed, and a call
   * already in flight may have been answered before the change. It waits for that call, then asks again
   * (one call for every webhook that came meanwhile).
   */
  fresh(row: ConnectionRow): Promise<PollResult> {
    const entry = this.#last.get(row.id);
    if (!entry?.inflight) return this.poll(row, true);
    entry.next ??= entry.inflight.then(
      () => this.poll(row, true),
      () => this.poll(row, true),
    );
    return entry.next;
  }

  /** Forgets a deleted connection. */
  forget(id: string): void {
    this.#last.delete(id);
  }

  private poll(row: ConnectionRow, force: boolean): Promise<PollResult> {
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

  /**
   * A Finlink failure leaves the stored snapshot standing (the SPA polls again); it is logged, not answered.
   * Finlink's 404 `CONNECTION_NOT_FOUND` means the connection is gone there (deleted, its token revoked):
   * it is removed here too, as `deleteConnection` does, and its streams hear `deleted`.
   */
  private async fetch(row: ConnectionRow): Promise<PollResult> {
    const { services } = this;
    try {
      const status = await services.finlink.api.connection(connectionTokenOf(services, row));
      return (await storeStatus(services, row.id, status)) ?? null;
    } catch (error) {
      if (isFinlinkStatus(error, 404) && error.reason === "CONNECTION_NOT_FOUND") {
        services.logger.info({ connectionId: row.id }, "connection gone at Finlink: removed here too");
        await deleteConnectionRow(services, row.id);
        this.forget(row.id);
        return null;
      }
      services.logger.warn(
        { connectionId: row.id, error: error instanceof Error ? error.message : String(error) },
        "connection status not read from Finlink",
      );
      return row;
    }
  }

  private prune(at: number): void {
    for (const [id, entry] of this.#last) {
      if (!entry.inflight && !entry.next && at - entry.at >= POLL_INTERVAL_MS) this.#last.delete(id);
    }
  }
}
