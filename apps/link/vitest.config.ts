import { defineProject } from "vitest/config";

export default defineProject({
  // Plain JSX for tests: the Preact preset's hot-reload transform is for the dev server only.
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  test: {
    name: "link",
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test-setup.ts"],
  },
});
