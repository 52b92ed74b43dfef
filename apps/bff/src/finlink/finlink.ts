import { AsyncLocalStorage } from "node:async_hooks";
import { createFinlinkClient, type FetchLike, type FinlinkClient } from "@finlink/node";
import type { Config } from "../config";

/** Where `captureRaw` keeps the text of the answer the client accepted. */
interface Capture {
  text: string | undefined;
}

/**
 * The Finlink API as the BFF uses it: the typed client (`api`), plus `raw`, which runs a client call and
 * answers the very JSON text Finlink sent, for the read proxies — the client checks the status and the
 * contract, and the bytes go on unchanged, so `12.30` stays `12.30` (JSON.parse would make it 12.3).
 */
export interface Finlink {
  api: FinlinkClient;
  raw(call: (api: FinlinkClient) => Promise<unknown>): Promise<string>;
}

/** Builds the client on `fetch` (the global one by default; tests pass the in-process Finlink). */
export function createFinlink(config: Config["finlink"], fetch: FetchLike = globalThis.fetch): Finlink {
  const captures = new AsyncLocalStorage<Capture>();
  // Each answer's text is read from a clone, only inside `raw` (the store says so), the last 2xx winning:
  // a 401 answered before the re-login, or a 503 before a retry, is never what is forwarded.
  const capturingFetch: FetchLike = async (url, init) => {
    const res = await fetch(url, init);
    const capture = captures.getStore();
    if (capture && res.ok) capture.text = await res.clone().text();
    return res;
  };
  const api = createFinlinkClient({
    baseUrl: config.url,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    fetch: capturingFetch,
    timeoutMs: 10_000,
  });
  return {
    api,
    raw: async (call) => {
      const capture: Capture = { text: undefined };
      await captures.run(capture, () => call(api));
      if (capture.text === undefined) throw new Error("the Finlink call answered without a captured body");
      return capture.text;
    },
  };
}
