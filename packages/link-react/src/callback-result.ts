import { LinkOperation } from "@finlink/contracts";
import { z } from "zod";

export const LINK_CALLBACK_SOURCE = "finlink-link-callback";
export const LINK_CALLBACK_VERSION = 1;

/** The reason of the exit result a callback page produces from a query that is no Link result. */
export const INVALID_CALLBACK = "INVALID_CALLBACK";

// Tokens are ~50 characters today; the caps only keep a forged message from carrying megabytes.
const Token = z.string().min(1).max(512);
const Marker = { source: z.literal(LINK_CALLBACK_SOURCE), version: z.literal(LINK_CALLBACK_VERSION) };
const State = z.string().max(1024).nullable();
const Entity = z.string().min(1).max(200);

/**
 * What the app's callback page read from Link's redirect, as it posts it to the window that framed Link
 * (or, on a full page, hands back to the page itself).
 */
export const LinkCallbackResult = z.union([
  z.object({
    ...Marker,
    type: z.literal("SUCCESS"),
    operation: z.literal("CONNECT"),
    publicToken: Token,
    entity: Entity,
    state: State,
  }),
  // Update and restore flows get no new publicToken: `token` is the update/restore token that started them.
  z.object({
    ...Marker,
    type: z.literal("SUCCESS"),
    operation: z.literal("UPDATE"),
    token: Token,
    entity: Entity,
    state: State,
  }),
  z.object({
    ...Marker,
    type: z.literal("EXIT"),
    // A string, not LinkExitReason: a newer server's reason must still close the modal.
    reason: z.string().min(1).max(100),
    operation: LinkOperation.nullable(),
    state: State,
  }),
]);
export type LinkCallbackResult = z.infer<typeof LinkCallbackResult>;

/** The result if `data` is a well-formed callback result, else undefined. */
export function parseLinkCallbackResult(data: unknown): LinkCallbackResult | undefined {
  const result = LinkCallbackResult.safeParse(data);
  return result.success ? result.data : undefined;
}

/**
 * Reads Link's redirect query. A query that is no result at all (a hand-typed URL, a missing token) becomes
 * an exit with reason `INVALID_CALLBACK`, so the modal still closes instead of waiting forever.
 * @example callbackResultFromQuery("?publicToken=pt&token=pt&operation=CONNECT&entity=sandbox_bank&state=s")
 */
export function callbackResultFromQuery(search: string): LinkCallbackResult {
  const query = new URLSearchParams(search);
  const get = (name: string) => query.get(name) || null;
  const operation = LinkOperation.safeParse(get("operation"));
  const state = get("state");
  const error = get("error");
  const marker = { source: LINK_CALLBACK_SOURCE, version: LINK_CALLBACK_VERSION } as const;
  const candidate = error
    ? { ...marker, type: "EXIT", reason: error, operation: operation.success ? operation.data : null, state }
    : operation.data === "UPDATE"
      ? { ...marker, type: "SUCCESS", operation: "UPDATE", token: get("token"), entity: get("entity"), state }
      : // Link sends the publicToken under both names (Vumi's docs use both); read either.
        {
          ...marker,
          type: "SUCCESS",
          operation: operation.data,
          publicToken: get("publicToken") ?? get("token"),
          entity: get("entity"),
          state,
        };
  return (
    parseLinkCallbackResult(candidate) ?? {
      ...marker,
      type: "EXIT",
      reason: INVALID_CALLBACK,
      operation: operation.success ? operation.data : null,
      state: state !== null && state.length <= 1024 ? state : null,
    }
  );
}
