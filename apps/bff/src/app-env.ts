import type { BffUser } from "@finlink/contracts";
import { Hono } from "hono";
import type { Services } from "./services";

/** Hono's context variables: set by middleware, read by handlers. */
export interface AppEnv {
  Variables: {
    services: Services;
    requestId: string;
    /** The signed-in user, or null (set by `loadSession` on every `/api` request). */
    user: BffUser | null;
    /** The SHA-256 of the session id the cookie carried, when it named a live session. */
    sessionHash: string | null;
  };
}

/** A router of the BFF's API (feature routers are chained on it, so `hc<BffApp>` knows every route). */
export const createRouter = () => new Hono<AppEnv>();
