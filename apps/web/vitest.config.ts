import { defineProject } from "vitest/config";

export default defineProject({
  oxc: { jsx: { runtime: "automatic", importSource: "react" } },
  test: {
    name: "web",
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/testing/setup.ts"],
  },
});
