import type { Challenge, ChallengeAnswer, LinkEntity } from "@finlink/contracts";
import type { LinkApiError } from "../../api/link-api-error";

/** What every second-factor screen gets: its challenge, the last inline error, and where answers go. */
export interface MfaProps<T extends Challenge["type"]> {
  challenge: Extract<Challenge, { type: T }>;
  entity: LinkEntity;
  error: LinkApiError | null;
  busy: boolean;
  /** When the code on screen was sent again (ms since the epoch), or null: the wait before another starts there. */
  resentAt?: number | null;
  /** Hold background calls (APP polls): the exit dialog is open or the exit call is in flight. */
  paused?: boolean;
  /** Resolves once the flow has handled the answer (the APP screen waits for it before polling again). */
  onAnswer(answer: ChallengeAnswer): void | Promise<void>;
}
