// Runs every vitest project once and ends with a plain "vitest: N passed, N failed" line, the summary
// CI reads. Exit code: non-zero when any run failed.
//
// Vitest would run one file at a time on this 2-core machine (its default is cores - 1 workers). The process
// tests (apps/finlink/src/scale: several Finlink processes, a private PostgreSQL, a cron minute) spend
// most of their minutes waiting, so with no arguments they run in a second vitest beside the rest: the
// suite takes about as long as its CPU-bound part. Their output is printed when they end, in one piece.
// The rest runs two files at a time (`--maxWorkers=2`): many of its files wait on PGlite's start, a socket or a
// timer, so a second worker fills those gaps. Measured on this machine: 536 s with one worker, 396 s with two.
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

const SCALE = "apps/finlink/src/scale/";

function vitest(name, args, { buffered }) {
  const report = `.vitest-report${name ? `-${name}` : ""}.json`;
  rmSync(report, { force: true });
  const child = spawn(
    "pnpm",
    ["exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...args],
    { stdio: buffered ? ["ignore", "pipe", "pipe"] : "inherit" },
  );
  const output = [];
  child.stdout?.on("data", (chunk) => output.push(chunk));
  child.stderr?.on("data", (chunk) => output.push(chunk));
  return new Promise((resolve) => {
    child.on("close", (code) => {
      let counts = { passed: 0, failed: 1, skipped: 0, failedFiles: 0 };
      try {
        const { numPassedTests, numFailedTests, numPendingTests, testResults } = JSON.parse(
          readFileSync(report, "utf8"),
        );
        // A file can fail with no test failed (an error in a hook or at import): failed files are counted apart.
        counts = {
          passed: numPassedTests,
          failed: numFailedTests,
          skipped: numPendingTests,
          failedFiles: testResults.filter((file) => file.status === "failed").length,
        };
      } catch {}
      resolve({ code: code ?? 1, counts, output: Buffer.concat(output) });
    });
  });
}

const args = process.argv.slice(2);
const runs =
  args.length > 0
    ? [vitest("", args, { buffered: false })]
    : [
        vitest("", ["--maxWorkers=2", "--exclude", "**/src/scale/**"], { buffered: false }),
        vitest("scale", [SCALE], { buffered: true }),
      ];
const results = await Promise.all(runs);
for (const { output } of results) if (output.length > 0) process.stdout.write(output);
const total = { passed: 0, failed: 0, skipped: 0, failedFiles: 0 };
for (const { counts } of results) for (const k of Object.keys(total)) total[k] += counts[k];
const skipped = total.skipped ? `, ${total.skipped} skipped` : "";
const files = total.failedFiles ? `, ${total.failedFiles} file${total.failedFiles === 1 ? "" : "s"} failed` : "";
console.log(`vitest: ${total.passed} passed, ${total.failed} failed${skipped}${files}`);
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
