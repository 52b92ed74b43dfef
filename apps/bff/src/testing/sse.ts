/** One Server-Sent Event as EventSource would dispatch it (`retry` when the block set it). */
export interface SseEvent {
  event: string;
  data: string;
  retry?: number;
}

/**
 * Reads an event stream answer a block at a time, as EventSource parses it: `next()` answers the next event
 * (comment blocks are counted in `comments`, not answered), `cancel()` is the tab closing.
 */
export function readSse(res: Response) {
  if (!res.body) throw new Error("the answer has no body");
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const state = { comments: 0, ended: false };
  // A read a timed-out `next()` left pending: the following `next()` takes its chunk instead of losing it.
  let pendingRead: ReturnType<typeof reader.read> | undefined;

  const block = (text: string): SseEvent | null => {
    const event: SseEvent = { event: "message", data: "" };
    const data: string[] = [];
    let comment = true;
    for (const line of text.split("\n")) {
      if (line.startsWith(":")) continue;
      comment = false;
      const at = line.indexOf(":");
      const [field, value] = at < 0 ? [line, ""] : [line.slice(0, at), line.slice(at + 1).replace(/^ /, "")];
      if (field === "event") event.event = value;
      else if (field === "data") data.push(value);
      else if (field === "retry") event.retry = Number(value);
    }
    if (comment) {
      state.comments += 1;
      return null;
    }
    event.data = data.join("\n");
    return event;
  };

  /** The next event, or a rejection after `timeoutMs` (or when the stream ends first). */
  async function next(timeoutMs = 5000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end >= 0) {
        const text = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = block(text);
        if (event) return event;
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${timeoutMs} ms`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), left);
      });
      const read = pendingRead ?? reader.read();
      pendingRead = undefined;
      const result = await Promise.race([read, timeout]);
      clearTimeout(timer);
      if (result === "timeout") {
        pendingRead = read;
        throw new Error(`no event within ${timeoutMs} ms`);
      }
      if (result.done) {
        state.ended = true;
        throw new Error("the stream ended");
      }
      buffer += decoder.decode(result.value, { stream: true });
    }
  }
  return {
    next,
    /** Whether the server ended the stream (seen by a `next()` that found its end). */
    get ended() {
      return state.ended;
    },
    get comments() {
      return state.comments;
    },
    /** Reads until the server ends the stream (rejects after `timeoutMs`). */
    async end(timeoutMs = 5000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!state.ended) {
        try {
          await next(Math.max(1, deadline - Date.now()));
        } catch (error) {
          if (!state.ended) throw error;
        }
      }
    },
    cancel: () => reader.cancel(),
  };
}
