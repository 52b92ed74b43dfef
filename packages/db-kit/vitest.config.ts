import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "db-kit",
    environment: "node",
    include: ["src/**/*.test.ts"],
    // PGlite runs initdb (~4 s) for every database a test opens without a template.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
