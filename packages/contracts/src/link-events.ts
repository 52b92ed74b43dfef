import { z } from "zod";
import { ChallengeType, LinkOperation, LinkStep } from "./link";

export const LINK_EVENT_SOURCE = "finlink-link";
export const LINK_EVENT_VERSION = 1;

/** The screen Link shows. CONSENT comes first on CONNECT sessions, before the entity or the credentials. */
export const LinkScreen = z.enum(["CONSENT", "ENTITY", "CREDENTIALS", "MFA", "CONNECTING", "SUCCESS", "ERROR"]);
export type LinkScreen = z.infer<typeof LinkScreen>;

// The marker every message carries; receivers also check `event.origin`, because anyone can post a marker.
const EventBase = z.object({ source: z.literal(LINK_EVENT_SOURCE), version: z.literal(LINK_EVENT_VERSION) });
const EntityId = z.string().nullable();
const RequestId = z.string().nullable().meta({ description: "X-Request-ID of the last API call, for support" });

export const LinkEvent = z
  .discriminatedUnion("type", [
    EventBase.extend({ type: z.literal("OPEN"), screen: LinkScreen, operation: LinkOperation, entity: EntityId }),
    EventBase.extend({ type: z.literal("SELECT_ENTITY"), entity: z.string() }),
    EventBase.extend({ type: z.literal("SUBMIT_CREDENTIALS"), entity: z.string() }),
    EventBase.extend({ type: z.literal("SUBMIT_MFA"), entity: z.string(), challengeType: ChallengeType }),
    EventBase.extend({
      type: z.literal("ERROR"),
      screen: LinkScreen,
      entity: EntityId,
      reason: z.string(),
      retryable: z.boolean(),
      requestId: RequestId,
    }),
    EventBase.extend({
      type: z.literal("EXIT"),
      // A string, not the enum: a newer widget's reason must not make older receivers drop the event.
      reason: z.string().meta({ description: "A `LinkExitReason`: `USER_EXIT` or the error the user left from" }),
      status: LinkStep.meta({ description: "Where the sign-in stood when the user left" }),
      screen: LinkScreen,
      entity: EntityId,
      requestId: RequestId,
    }),
    EventBase.extend({ type: z.literal("HANDOFF"), operation: LinkOperation, entity: z.string() }),
  ])
  .meta({ id: "LinkEvent", description: "A message Link posts to the window that opened it" });
export type LinkEvent = z.infer<typeof LinkEvent>;
export type LinkEventType = LinkEvent["type"];
type LinkEventOf<T extends LinkEventType> = Extract<LinkEvent, { type: T }>;

/**
 * Builds a message with the marker set.
 * @example linkEvent("SELECT_ENTITY", { entity: "sandbox_bank" })
 */
export function linkEvent<T extends LinkEventType>(
  type: T,
  metadata: Omit<LinkEventOf<T>, "source" | "version" | "type">,
): LinkEventOf<T> {
  return { source: LINK_EVENT_SOURCE, version: LINK_EVENT_VERSION, type, ...metadata } as LinkEventOf<T>;
}

/** The message if `data` is a well-formed Link event, else undefined (other scripts post messages too). */
export function parseLinkEvent(data: unknown): LinkEvent | undefined {
  const result = LinkEvent.safeParse(data);
  return result.success ? result.data : undefined;
}
