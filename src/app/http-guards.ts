// Request-level guards in front of GraphQL: the body size limit and the content types /graphql
// accepts. Yoga has no body limit of its own and parses form-encoded POSTs, which a browser sends
// cross-site without a preflight (CSRF). Both answer before the body is parsed.
import type { Plugin } from "graphql-yoga";
import type { AppConfig } from "../config.ts";
import { appError } from "../server/errors.ts";

const JSON_TYPES = /^application\/(json|graphql-response\+json)\s*(;|$)/i;

const problem = (status: number, code: "REQUEST_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE", message: string, extensions: Record<string, unknown> = {}) =>
  new Response(JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });

export const tooLargeResponse = (limit: number) =>
  problem(413, "REQUEST_TOO_LARGE", `The request body is larger than ${limit} bytes.`, { limit });

/** Reads at most `limit` bytes of a body; past that it stops reading and throws REQUEST_TOO_LARGE. */
export async function readBodyLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw appError("REQUEST_TOO_LARGE", `The request body is larger than ${limit} bytes.`, { limit, http: { status: 413 } });
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export function httpGuardsPlugin(config: AppConfig, graphqlEndpoint = "/graphql"): Plugin {
  const limit = config.MAX_REQUEST_BYTES;
  return {
    onRequest({ request, url, endResponse }) {
      const declared = Number(request.headers.get("content-length") ?? "0");
      if (declared > limit) return endResponse(tooLargeResponse(limit));
      if (request.method === "POST" && url.pathname === graphqlEndpoint && !JSON_TYPES.test(request.headers.get("content-type") ?? "")) {
        endResponse(problem(415, "UNSUPPORTED_MEDIA_TYPE", "POST /graphql takes an application/json body."));
      }
    },
    onRequestParse({ request, requestParser, setRequestParser }) {
      if (request.method !== "POST" || !requestParser) return;
      // A chunked body has no content-length: count while reading.
      setRequestParser(async (req) => {
        const body = await readBodyLimited(req, limit);
        return requestParser(new Request(req.url, { method: req.method, headers: req.headers, body }));
      });
    },
  };
}
