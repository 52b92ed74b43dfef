export type { LinkEvent } from "@finlink/contracts";
export {
  callbackResultFromQuery,
  INVALID_CALLBACK,
  LINK_CALLBACK_SOURCE,
  LinkCallbackResult,
  parseLinkCallbackResult,
} from "./callback-result";
export { type CallbackWindow, completeLinkCallback, type LinkCallbackCompletion } from "./complete-link-callback";
export { FinlinkLinkModal, type FinlinkLinkModalProps } from "./finlink-link-modal";
export {
  PENDING_FLOW_MAX_AGE_MS,
  type PendingFullPageFlow,
  takePendingFullPageFlow,
} from "./full-page-flow";
export type { LinkLang } from "./labels";
export type { LinkExit, LinkSuccess } from "./link-frame";
export { FinlinkLinkError, type FinlinkLinkErrorReason } from "./link-url";
export { type FinlinkLink, type LinkMode, type UseFinlinkLinkOptions, useFinlinkLink } from "./use-finlink-link";
