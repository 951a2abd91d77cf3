// The indexing client port. A submission is an IndexNow request (https://www.indexnow.org):
//   POST <engine endpoint> {"host", "key", "keyLocation", "urlList"}  (JSON, utf-8)
// answered 200 (submitted), 202 (accepted, key validation pending), 400/403/422 (refused: bad
// request, key not valid, URLs not on the host) or 429/5xx (try again later).
//  - createRecordingIndexingClient (INDEXNOW_MODE=record, the default): sends nothing; it records
//    the request in memory and answers PENDING, so the submission stays PENDING with its request
//    stored. This is what runs here (no network) and in the tests.
//  - createHttpIndexingClient (INDEXNOW_MODE=http): really POSTs; fetch is injectable.
// The key is a credential kept in the vault; it is in the request sent, never in what is stored
// (request_payload keeps "[vault]" in its place), logged or shown.
import { INDEXNOW_KEY_RE, type FetchLike, type IndexNowRequest, type IndexingClient, type IndexingOutcome } from "../core/ports.ts";

export function createRecordingIndexingClient(): IndexingClient & { recorded: IndexNowRequest[] } {
  const recorded: IndexNowRequest[] = [];
  return {
    kind: "record",
    recorded,
    async send(request) {
      recorded.push(request);
      return { status: "PENDING", httpStatus: null, body: { recorded: true }, retryable: false, error: null };
    },
    async verifyKey(_keyLocation, key) {
      return INDEXNOW_KEY_RE.test(key) ? { ok: true, error: null } : { ok: false, error: "The key is not a valid IndexNow key." };
    },
  };
}

export function outcomeForStatus(status: number, body: unknown): IndexingOutcome {
  if (status === 200 || status === 202) return { status: "SUBMITTED", httpStatus: status, body, retryable: false, error: null };
  const retryable = status === 429 || status >= 500;
  const reason =
    status === 403 ? "The key is not valid for this host." : status === 422 ? "The URLs do not belong to the host or the key does not match." : `HTTP ${status}`;
  return { status: "FAILED", httpStatus: status, body, retryable, error: `The search engine refused the submission: ${reason}` };
}

export function createHttpIndexingClient(opts: { fetch?: FetchLike; timeoutMs?: number } = {}): IndexingClient {
  const doFetch: FetchLike = opts.fetch ?? ((url, init) => fetch(url, init));
  const timeout = () => AbortSignal.timeout(opts.timeoutMs ?? 15_000);
  return {
    kind: "http",
    async send(request) {
      let res: Awaited<ReturnType<FetchLike>>;
      try {
        res = await doFetch(request.endpoint, {
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8" },
          body: JSON.stringify(request.body),
          signal: timeout(),
        });
      } catch {
        return { status: "FAILED", httpStatus: null, body: null, retryable: true, error: "The search engine is not reachable." };
      }
      const body = await res.json().catch(() => null);
      return outcomeForStatus(res.status, body);
    },
    async verifyKey(keyLocation, key) {
      if (!INDEXNOW_KEY_RE.test(key)) return { ok: false, error: "The key is not a valid IndexNow key." };
      try {
        const res = await doFetch(keyLocation, { method: "GET", headers: { accept: "text/plain" }, signal: timeout() });
        if (!res.ok) return { ok: false, error: `The key file answered HTTP ${res.status}.` };
        const text = (await res.text?.()) ?? "";
        return text.trim() === key ? { ok: true, error: null } : { ok: false, error: "The key file does not contain the key." };
      } catch {
        return { ok: false, error: "The key file is not reachable." };
      }
    },
  };
}

export function createIndexingClient(config: { INDEXNOW_MODE: "record" | "http" }): IndexingClient {
  return config.INDEXNOW_MODE === "http" ? createHttpIndexingClient() : createRecordingIndexingClient();
}
