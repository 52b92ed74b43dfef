import { testDatabaseUrl } from "../config";

export type Backend = { kind: "pglite" } | { kind: "postgres"; serverUrl: string };

/** Backends the BFF's integration tests run on: PGlite always, PostgreSQL too when DATABASE_URL is set. */
export function testBackends(): [string, Backend][] {
  const url = testDatabaseUrl();
  return [
    ["pglite", { kind: "pglite" }],
    ...(url ? [["postgres", { kind: "postgres", serverUrl: url }] as [string, Backend]] : []),
  ];
}
