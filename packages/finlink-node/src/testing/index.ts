/**
 * `@finlink/node/testing`: helpers for integrators' own tests, kept out of the main entry so production code
 * cannot pull a signing key in by accident.
 */
export {
  createTestWebhookSigner,
  type SignedWebhook,
  type SignOptions,
  type TestWebhookSigner,
} from "./webhook-signer";
