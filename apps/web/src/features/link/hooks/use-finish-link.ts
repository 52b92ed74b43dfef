import type { BffConnection } from "@finlink/contracts";
import type { LinkSuccess } from "@finlink/link-react";
import { useCallback } from "react";
import { ApiError } from "../../../lib/api-error";
import { useCompleteLink } from "../api/complete-link";
import { useExchangeLink } from "../api/exchange-link";

/** The reason given to a Link result that carries no `state`: the BFF could not tie it to this session. */
export const MISSING_STATE = "MISSING_STATE";

/**
 * Finishes a successful Link flow on the BFF: a CONNECT exchanges its publicToken, an UPDATE (update or
 * restore) completes; both with the `state` the BFF bound to the session. Resolves to the connection.
 */
export function useFinishLink() {
  const { mutateAsync: exchange, isPending: exchanging } = useExchangeLink();
  const { mutateAsync: complete, isPending: completing } = useCompleteLink();

  const finish = useCallback(
    (result: LinkSuccess): Promise<BffConnection> => {
      if (!result.state) {
        return Promise.reject(new ApiError(400, MISSING_STATE, "Link's answer carried no state"));
      }
      return result.operation === "CONNECT"
        ? exchange({ publicToken: result.publicToken, state: result.state })
        : complete({ state: result.state });
    },
    [exchange, complete],
  );

  return { finish, isFinishing: exchanging || completing };
}
