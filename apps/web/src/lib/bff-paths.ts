/** BFF paths of one connection; ids are the BFF's own, escaped because they come from the page URL. */
export const connectionApi = (id: string) => `/api/connections/${encodeURIComponent(id)}`;

/** The connection's live events (Server-Sent Events): the page listens instead of polling while it is open. */
export const connectionEventsApi = (id: string) => `${connectionApi(id)}/events`;
