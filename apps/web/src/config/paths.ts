/** Every path of the SPA, in one place (the callback is the redirect URI registered with Finlink). */
export const paths = {
  home: "/",
  connection: (id: string) => `/connections/${encodeURIComponent(id)}`,
  connectionPattern: "/connections/:id",
  linkCallback: "/link/callback",
} as const;
