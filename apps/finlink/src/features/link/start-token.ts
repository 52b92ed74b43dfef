import { z } from "zod";
import type { KeyStore } from "../../lib/keys";

export const START_TOKEN_TYP = "link-start+jwt";
export const START_TOKEN_AUDIENCE = "finlink-link";
export const START_TOKEN_TTL_SECONDS = 15 * 60;

/** What a start token carries: the start-flow body, bound to the app that asked for it. */
export const StartClaims = z.object({
  sub: z.uuid(),
  rid: z.uuid(),
  product: z.enum(["TRANSACTIONS", "INVESTMENTS"]),
  entity: z.string().nullable(),
  ext: z.string().nullable(),
  owners: z.array(z.string()).nullable(),
  state: z.string().nullable(),
  /**
   * SHA-256 of the update or restore token (`updateRefOf`), never the token: the payload is readable by
   * anyone who sees the Link URL, and the token would let them start Link for that connection.
   */
  updHash: z.string().nullable(),
  rstHash: z.string().nullable(),
});
export type StartClaims = z.infer<typeof StartClaims>;

/** Signs a 15-minute start token. */
export function signStartToken(keys: KeyStore, claims: StartClaims): Promise<string> {
  return keys.sign("api", claims, {
    typ: START_TOKEN_TYP,
    audience: START_TOKEN_AUDIENCE,
    expiresInSeconds: START_TOKEN_TTL_SECONDS,
  });
}

/** Verifies a start token; throws when it is forged, expired or not a start token. */
export async function verifyStartToken(
  keys: KeyStore,
  token: string,
  options: { expiredUpToSeconds?: number } = {},
): Promise<StartClaims> {
  const payload = await keys.verify("api", token, {
    typ: START_TOKEN_TYP,
    audience: START_TOKEN_AUDIENCE,
    clockToleranceSeconds: options.expiredUpToSeconds ?? 0,
  });
  return StartClaims.parse(payload);
}
