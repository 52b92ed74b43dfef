import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { StrictMode } from "react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { AppProvider } from "../app/provider";
import { routes } from "../app/router";
import { createQueryClient } from "../lib/query-client";

/**
 * The whole app at `path`, as the browser would show it, with a memory router and a fresh cache. Retries
 * are off so a failing answer shows at once.
 */
export function renderApp(path: string, options: { strict?: boolean } = {}) {
  const queryClient = createQueryClient();
  const defaults = queryClient.getDefaultOptions();
  queryClient.setDefaultOptions({ ...defaults, queries: { ...defaults.queries, retry: false } });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const user = userEvent.setup();
  const app = (
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>
  );
  // `strict`: as main.tsx renders in development, effects run twice (and a read whose signal is taken is sent
  // twice, which is why request-counting tests leave it off); nothing unsafe may be sent twice for it.
  const view = render(options.strict ? <StrictMode>{app}</StrictMode> : app);
  return { ...view, router, queryClient, user };
}
