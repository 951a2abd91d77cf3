// A GraphQL-over-SSE client for tests: opens a subscription through a fetch function (yoga.fetch
// in-process, or global fetch against a running server) and hands out its events one by one.
export interface SseEvent {
  event: string;
  data: any;
}

export interface SseStream {
  status: number;
  /** The next `next` event's payload ({ data, errors }); rejects after `ms` without one. */
  next(ms?: number): Promise<any>;
  /** Resolves when the server ends the stream (`complete` event or closed body), with the events seen meanwhile. */
  ended(ms?: number): Promise<SseEvent[]>;
  close(): void;
}

type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export async function subscribe(
  fetchFn: FetchLike,
  url: string,
  /** A document, or a persisted operation's id ({ documentId }). */
  query: string | { documentId: string },
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetchFn(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", ...headers },
    body: JSON.stringify(typeof query === "string" ? { query, variables } : { ...query, variables }),
    signal: abort.signal,
  });
  const queue: SseEvent[] = [];
  const waiters: Array<() => void> = [];
  let done = false;
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  const wake = () => waiters.splice(0).forEach((w) => w());
  if (res.body && (res.headers.get("content-type") ?? "").includes("text/event-stream")) {
    void (async () => {
      reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      try {
        for (;;) {
          const { value, done: end } = await reader!.read();
          if (end) break;
          buffer += decoder.decode(value, { stream: true });
          let idx: number;
          while ((idx = buffer.indexOf("\n\n")) >= 0) {
            const chunk = buffer.slice(0, idx);
            buffer = buffer.slice(idx + 2);
            const lines = chunk.split("\n");
            const event = lines.find((l) => l.startsWith("event:"))?.slice(6).trim();
            const data = lines.filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).join("\n");
            if (!event) continue; // keep-alive comment
            queue.push({ event, data: data ? JSON.parse(data) : null });
            wake();
          }
        }
      } catch {
        // aborted
      } finally {
        done = true;
        wake();
      }
    })();
  } else {
    const text = await res.text();
    queue.push({ event: "response", data: text ? JSON.parse(text) : null });
    done = true;
  }
  const waitFor = async <T>(ms: number, pick: () => T | undefined): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const got = pick();
      if (got !== undefined) return got;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no SSE event within ${ms} ms (seen: ${JSON.stringify(queue)})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  };
  return {
    status: res.status,
    next: (ms = 2000) =>
      waitFor(ms, () => {
        const i = queue.findIndex((e) => e.event === "next" || e.event === "response");
        if (i >= 0) return queue.splice(i, 1)[0].data;
        if (done) throw new Error(`stream ended without another event (seen: ${JSON.stringify(queue)})`);
        return undefined;
      }),
    ended: (ms = 2000) => waitFor(ms, () => (done || queue.some((e) => e.event === "complete") ? queue.splice(0) : undefined)),
    close: () => {
      // Cancelling the body is what a client disconnecting looks like to Yoga (in-process and over HTTP).
      void reader?.cancel().catch(() => undefined);
      abort.abort();
    },
  };
}
