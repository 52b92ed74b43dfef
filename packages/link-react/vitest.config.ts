import { defineProject } from "vitest/config";

export default defineProject({
  oxc: { jsx: { runtime: "automatic", importSource: "react" } },
  test: {
    name: "link-react",
    environment: "happy-dom",
    // The app's origin (the callback page's); Link is served from another origin in the tests.
    environmentOptions: { happyDOM: { url: "https://app.example/connections" } },
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
