import { rmSync } from "node:fs";

/** Removes the temporary directory playwright.config.ts made for this run: the database and its lock file. */
export default function globalTeardown(): void {
  const dir = process.env.FINLINK_E2E_TMP_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
