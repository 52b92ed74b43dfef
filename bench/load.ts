import { execFileSync } from "node:child_process";

export interface LoadResult {
  requests: number;
  seconds: number;
  /** Milliseconds per request, from the call to the last byte of the body. */
  latencies: number[];
  /** This process's established sockets to the port halfway through: the connections the pool kept. */
  sockets: number;
}

/** How many of this process's TCP connections to `port` are established now (`ss`, Linux). */
function socketsTo(port: number): number {
  const lines = execFileSync("ss", ["-Htnp", "state", "established", `( dport = :${port} )`], { encoding: "utf8" });
  return lines.split("\n").filter((line) => line.includes(`pid=${process.pid},`)).length;
}

/**
 * A closed loop: `concurrency` callers each GET `url` again as soon as the last answer's body is read, for
 * `seconds`, after as long a warm-up (unrecorded) as `warmupSeconds`. Node's fetch (undici) keeps its
 * connections alive in its global pool, so the callers share `concurrency` sockets opened in the warm-up.
 * Any answer but 200 ends the run: a status endpoint answering 401s would be measured instead.
 */
export async function closedLoop(
  url: string,
  headers: Record<string, string>,
  options: { concurrency: number; seconds: number; warmupSeconds: number },
): Promise<LoadResult> {
  const port = Number(new URL(url).port);
  const run = async (ms: number, latencies: number[] | undefined) => {
    const end = performance.now() + ms;
    const caller = async () => {
      while (performance.now() < end) {
        const started = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
        latencies?.push(performance.now() - started);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, caller));
  };
  await run(options.warmupSeconds * 1000, undefined);
  const latencies: number[] = [];
  let sockets = 0;
  const sample = setTimeout(
    () => {
      sockets = socketsTo(port);
    },
    (options.seconds * 1000) / 2,
  );
  const started = performance.now();
  try {
    await run(options.seconds * 1000, latencies);
  } finally {
    clearTimeout(sample);
  }
  return { requests: latencies.length, seconds: (performance.now() - started) / 1000, latencies, sockets };
}
