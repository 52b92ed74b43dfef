import { useState } from "react";
import { RouterProvider } from "react-router/dom";
import { createQueryClient } from "../lib/query-client";
import { AppProvider } from "./provider";
import { createRouter } from "./router";

/** The whole SPA. */
export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createRouter);
  return (
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>
  );
}
