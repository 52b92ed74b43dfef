import { createBrowserRouter, type RouteObject } from "react-router";
import { paths } from "../config/paths";
import { AppLayout } from "./layout";
import { HomeRoute } from "./routes/home";
import { LinkCallbackPage } from "./routes/link-callback";
import { NotFoundRoute } from "./routes/not-found";
import { RouteLoading } from "./routes/route-loading";

/** The SPA's routes; the connection page, the heaviest, loads on first use. */
export const routes: RouteObject[] = [
  { path: paths.linkCallback, element: <LinkCallbackPage /> },
  {
    element: <AppLayout />,
    children: [
      { path: paths.home, element: <HomeRoute /> },
      {
        path: paths.connectionPattern,
        lazy: async () => ({ Component: (await import("./routes/connection")).ConnectionPage }),
        // Shown while the route's code loads on a first visit straight to a connection's address.
        HydrateFallback: RouteLoading,
      },
      { path: "*", element: <NotFoundRoute /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
