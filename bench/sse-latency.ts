/**
 * From a state change at Finlink to the browser: the demo stack (`scripts/start-all.mjs`: Finlink on PGlite
 * with in-process workers, the BFF), one READY connection, its event stream open as the SPA opens it, and
 * refreshes one after another. Each refresh ends in READY at Finlink (the CONNECTION_UPDATED event's
 * `occurredAt`); the figure is the time until the stream delivers that READY (webhook → BFF → re-read →
 * stream), read by an SSE client in this process as the browser's EventSource would.
 */

import { machineLine, markdownTable, percentile, writeResult } from "./measure";
import { readyConnection } from "./ready-connection";
import { APP_URL, FINLINK_READY_URL, startStack } from "./stack";

const REFRESHES = 30;
const epochNow = () => performance.timeOrigin + performance.now();

console.error("starting the servers (node scripts/start-all.mjs)…");
const stack = await startStack("servers");
const samples: number[] = [];
try {
  await stack.waitFor(FINLINK_READY_URL, (res) => res.status === 200);
  await stack.waitFor(`${APP_URL}/api/me`, (res) => res.status === 401);
  const connection = await readyConnection();
  const { connectionId } = (await (
    await fetch(connection.finlinkUrl, { headers: connection.finlinkHeaders })
  ).json()) as {
    connectionId: string;
  };
  const webhooksUrl = new URL("/api/v1/queries/webhooks", connection.finlinkUrl);
  webhooksUrl.searchParams.set("connectionId", connectionId);
  webhooksUrl.searchParams.set("limit", "1");

  // The stream, parsed as EventSource does: `event:` and `data:` lines, a blank line ends an event.
  const events: { at: number; status: string }[] = [];
  let wake = () => {};
  const closing = new AbortController();
  const stream = await fetch(`${connection.bffUrl}/events`, { headers: connection.bffHeaders, signal: closing.signal });
  if (!stream.ok || !stream.body) throw new Error(`the event stream answered ${stream.status}`);
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) {
      const at = epochNow();
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split("\n")
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).trim())
          .join("\n");
        if (block.includes("event: connection") && data) {
          events.push({ at, status: (JSON.parse(data) as { status: string }).status });
          wake();
        }
      }
    }
  })().catch(() => {});

  const next = (after: number, status: string) =>
    new Promise<{ at: number; index: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${status} on the stream`)), 30_000);
      const check = () => {
        const index = events.findIndex((e, i) => i >= after && e.status === status);
        const found = events[index];
        if (!found) return;
        clearTimeout(timer);
        resolve({ at: found.at, index });
      };
      wake = check;
      check();
    });

  for (let i = 0; i < REFRESHES; i++) {
    const from = events.length;
    const res = await fetch(`${connection.bffUrl}/refresh`, {
      method: "POST",
      headers: { ...connection.bffHeaders, origin: APP_URL, "content-type": "application/json" },
      body: "{}",
    });
    if (res.status !== 202) throw new Error(`refresh answered ${res.status}: ${await res.text()}`);
    const updating = await next(from, "UPDATING");
    const ready = await next(updating.index + 1, "READY");
    const latest = (await (await fetch(webhooksUrl, { headers: connection.finlinkHeaders })).json()) as {
      data: { type: string; occurredAt: string }[];
    };
    const event = latest.data[0];
    if (event?.type !== "CONNECTION_UPDATED") throw new Error(`the latest webhook is ${event?.type}`);
    samples.push(ready.at - Date.parse(event.occurredAt));
    stack.assertRunning();
  }
  closing.abort();
  await reading;
} finally {
  await stack.stop();
}

const ms = (v: number) => v.toFixed(1);
writeResult(
  "sse-latency",
  `# Status to the browser over Server-Sent Events

${machineLine()}

\`pnpm --filter @finlink/bench bench:sse\`. ${REFRESHES} refreshes of one \`sandbox_bank\` / \`user_good\` connection
through the demo stack; from the READY's \`occurredAt\` at Finlink (its webhook's) to the READY event read off
the BFF's \`GET /api/connections/:id/events\`. Path: Finlink's outbox job (in-process worker, woken on commit)
→ signed POST to the BFF → verified, recorded, answered → the BFF re-reads Finlink → the stream.

${markdownTable([
  ["samples", "p50 (ms)", "p95 (ms)", "max (ms)", "target"],
  [
    String(samples.length),
    ms(percentile(samples, 0.5)),
    ms(percentile(samples, 0.95)),
    ms(Math.max(...samples)),
    "p50 ≤ 300 ms",
  ],
])}
`,
);
