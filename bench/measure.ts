import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";

/** The value below which `p` (0–1) of the samples fall (nearest-rank). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

/** Milliseconds each of `runs` sequential calls of `fn` took, after `warmup` untimed calls. */
export async function timeRuns(fn: () => Promise<void>, runs: number, warmup = 5): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

/** A markdown table; the first row is the header. */
export function markdownTable(rows: string[][]): string {
  const [header = [], ...body] = rows;
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...body.map(line)].join("\n");
}

/** The machine a result was measured on, as the reports' first line says it (load average read now). */
export function machineLine(extra = ""): string {
  const cpus = os.cpus();
  const cpu = cpus[0]?.model.trim() ?? "unknown CPU";
  return `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu} (${cpus.length} threads, load average
${os.loadavg()[0]?.toFixed(1)} at the end), Node ${process.version}${extra}.`;
}

/** Prints a report and writes it to `bench/results/<name>.md`. */
export function writeResult(name: string, report: string): void {
  console.log(report);
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(new URL(`./results/${name}.md`, import.meta.url), report);
  console.error(`written to bench/results/${name}.md`);
}
