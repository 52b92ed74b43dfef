import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "finlink-node",
    environment: "node",
    include: ["src/**/*.test.ts"],
    // Each file starts a whole Finlink in-process (migrations on in-memory PGlite).
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
