/** BFF paths of one connection; ids are the BFF's own, escaped because they come from the page URL. */
export const connectionApi = (id: string) => `/api/connections/${encodeURIComponent(id)}`;
