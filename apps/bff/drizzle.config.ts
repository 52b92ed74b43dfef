import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./drizzle",
  // Its own schema: the BFF's tables and migration journal never meet Finlink's, even in one database.
  schemaFilter: ["bff"],
  migrations: { schema: "bff", table: "__drizzle_migrations" },
});
