export { createFinlinkClient, type ExternalIdFilter, type FinlinkClient, type FinlinkClientOptions } from "./client";
export { FinlinkConnectionError, FinlinkError, type FinlinkErrorFields, FinlinkResponseError } from "./errors";
export type { DecimalMode, ExactNumbers, Read } from "./exact-json";
export type { Page, PagedOperation, TransactionListQuery } from "./pages";
export type { RetryOptions } from "./retry";
export type { FetchLike } from "./transport";
export type { KeyFetcher } from "./webhooks/key-cache";
export { type WebhookRejection, WebhookVerificationError } from "./webhooks/verification-error";
export {
  createWebhookVerifier,
  SIGNATURE_HEADER,
  type WebhookHeaders,
  type WebhookRequest,
  type WebhookVerifier,
  type WebhookVerifierOptions,
} from "./webhooks/verifier";
