// The closing line of `npm test`: vitest's and Playwright's counts added up, as "N passed, N failed".
import { readFileSync } from "node:fs";

const read = (path) => JSON.parse(readFileSync(path, "utf8"));
const unit = read(".vitest-report.json");
const e2e = read("e2e/test-results/summary.json");
const passed = unit.numPassedTests + e2e.passed;
const failed = unit.numFailedTests + e2e.failed;
const skipped = (unit.numPendingTests ?? 0) + e2e.skipped;
console.log(`all: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
