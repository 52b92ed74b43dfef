/** What the SPA may import from the BFF: the API's type, for `hc<BffApi>("/api")`. Types only, no server code. */
export type { BffApi } from "./app";
