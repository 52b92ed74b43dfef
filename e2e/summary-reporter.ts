import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { FullResult, Reporter, TestCase, TestResult } from "@playwright/test/reporter";

export const SUMMARY_FILE = fileURLToPath(new URL("./test-results/summary.json", import.meta.url));

/**
 * Ends the run with one plain line, `playwright: N passed, N failed[, N skipped]`, the closing-line format
 * CI reads (the vitest runner prints the same shape). A test counts by its final outcome, after retries.
 */
export default class SummaryReporter implements Reporter {
  private readonly outcomes = new Map<string, ReturnType<TestCase["outcome"]>>();

  onTestEnd(test: TestCase, _result: TestResult): void {
    this.outcomes.set(test.id, test.outcome());
  }

  onEnd(result: FullResult): void {
    const count = (...kinds: string[]) => [...this.outcomes.values()].filter((o) => kinds.includes(o)).length;
    // A run that broke before any test ran (global setup, a server that never started) is a failure too.
    const broken = this.outcomes.size === 0 && result.status !== "passed" ? 1 : 0;
    const failed = count("unexpected") + broken;
    const skipped = count("skipped");
    const tail = skipped ? `, ${skipped} skipped` : "";
    const passed = count("expected", "flaky");
    console.log(`playwright: ${passed} passed, ${failed} failed${tail}`);
    // For the root test script's closing line, which adds these to vitest's counts.
    mkdirSync(dirname(SUMMARY_FILE), { recursive: true });
    writeFileSync(SUMMARY_FILE, JSON.stringify({ passed, failed, skipped }));
  }

  printsToStdio(): boolean {
    return true;
  }
}
