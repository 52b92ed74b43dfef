import { fileURLToPath } from "node:url";
import { defineProject, type UserWorkspaceConfig } from "vitest/config";

/** What both projects share: the React 19 one below and the React 18 one in vitest.react18.config.ts. */
export const shared = {
  oxc: { jsx: { runtime: "automatic", importSource: "react" } },
  test: {
    environment: "happy-dom",
    // The app's origin (the callback page's); Link is served from another origin in the tests.
    environmentOptions: { happyDOM: { url: "https://app.example/connections" } },
    include: ["src/**/*.test.{ts,tsx}"],
  },
} satisfies UserWorkspaceConfig;

const react18Config = fileURLToPath(new URL("./vitest.react18.config.ts", import.meta.url));

export default defineProject({
  ...shared,
  test: { ...shared.test, name: "link-react", provide: { reactMajor: "19" } },
  plugins: [
    {
      // The root config finds one config per package; this adds the package's second project (the peer range
      // includes React 18), so every run of this package's tests runs them on both. Filter with --project
      // 'link-react*': a filter that leaves this project out leaves the injected one out too.
      name: "link-react:react-18-project",
      async configureVitest({ injectTestProjects }) {
        await injectTestProjects(react18Config);
      },
    },
  ],
});
