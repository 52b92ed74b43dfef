import type { BffWebhookReceipt, WebhookPayload } from "@finlink/contracts";
import { WebhookVerificationError, type WebhookVerifier } from "@finlink/node";
import { serializeError } from "../../lib/logger";
import { ApiError } from "../../lib/problem";
import type { Services } from "../../services";
import { connectionByFinlinkId } from "../connections/connections.service";
import { PRUNE_EVERY_MS, pruneReceipts, recordReceipt } from "./receipts.service";

/** What the receiver needs: everything but itself. */
type ReceiverServices = Omit<Services, "webhooks">;

/** How long shutdown waits for re-reads still running before the database closes under them. */
const DRAIN_MS = 5000;

/**
 * Finlink's webhooks, in: verified on the raw bytes, recorded by `webhookId` (a redelivery changes nothing),
 * then applied after the answer — the connection is read again from Finlink (the event's own status may be
 * older than what is stored: deliveries come out of order) and stored, which tells its open streams.
 */
export class WebhookReceiver {
  readonly #pending = new Set<Promise<unknown>>();
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly services: ReceiverServices,
    private readonly verifier: WebhookVerifier,
  ) {}

  /** Checks, records and schedules one delivery; the answer is what Finlink's sender gets (a 200 body). */
  async receive(rawBody: ArrayBuffer, signature: string | undefined): Promise<BffWebhookReceipt> {
    const event = await this.#verified(rawBody, signature);
    const { services } = this;
    // Looked up before the receipt is written: once it is, nothing may fail before the re-read is scheduled
    // (a 500 after it would make Finlink's redelivery a DUPLICATE, never applied).
    const row = await connectionByFinlinkId(services, event.connectionId);
    const first = await recordReceipt(services, event);
    this.#pruneNowAndThen();
    if (!first) return { outcome: "DUPLICATE" };
    // Another app's connection, or one deleted here: nothing to apply, and nothing to refuse either.
    if (!row) return { outcome: "IGNORED" };
    // Not awaited: a slow Finlink must not make the sender time out (10 s) and deliver again. Should the
    // re-read fail, the stored status stands until a poll heals it.
    this.#background(`apply ${event.type}`, () => services.poller.fresh(row));
    return { outcome: "ACCEPTED" };
  }

  /** Resolves once every re-read started so far has ended (tests; shutdown, bounded by DRAIN_MS). */
  async idle(timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#pending.size > 0 && Date.now() < deadline) {
      const left = deadline - Date.now();
      const all = Promise.allSettled([...this.#pending]);
      await (Number.isFinite(left) ? Promise.race([all, new Promise((r) => setTimeout(r, left))]) : all);
    }
  }

  /** Waits (at most DRAIN_MS) for the re-reads in flight: what `closeServices` does before closing storage. */
  drain = () => this.idle(DRAIN_MS);

  async #verified(rawBody: ArrayBuffer, signature: string | undefined): Promise<WebhookPayload> {
    try {
      return await this.verifier.verifyWebhook(rawBody, signature);
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      // The log says what was wrong; the answer only which check refused (nothing that helps a forger).
      this.services.logger.warn({ reason: error.reason, message: error.message }, "webhook refused");
      if (error.reason === "KEY_FETCH_FAILED")
        throw new ApiError(503, "Service Unavailable", "The webhook cannot be verified now: deliver it again later", {
          reason: error.reason,
          retryAfter: 10,
        });
      throw new ApiError(401, "Unauthorized", "The webhook's signature was refused", { reason: error.reason });
    }
  }

  #pruneNowAndThen(): void {
    const at = this.services.now().getTime();
    if (at - this.#prunedAt < PRUNE_EVERY_MS) return;
    this.#prunedAt = at;
    this.#background("prune receipts", () => pruneReceipts(this.services));
  }

  #background(what: string, task: () => Promise<unknown>): void {
    const running = task()
      .catch((error: unknown) => this.services.logger.warn({ error: serializeError(error) }, `webhook ${what} failed`))
      .finally(() => this.#pending.delete(running));
    this.#pending.add(running);
  }
}
