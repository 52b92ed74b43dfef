// Runs every vitest project once and ends with a plain "vitest: N passed, N failed" line, the summary
// CI reads. Exit code is vitest's.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

const report = ".vitest-report.json";
rmSync(report, { force: true });
const run = spawnSync(
  "pnpm",
  [
    "exec",
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: "inherit" },
);
try {
  const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(readFileSync(report, "utf8"));
  const skipped = numPendingTests ? `, ${numPendingTests} skipped` : "";
  console.log(`vitest: ${numPassedTests} passed, ${numFailedTests} failed${skipped}`);
} catch {
  console.log("vitest: 0 passed, 1 failed");
}
process.exit(run.status ?? 1);
