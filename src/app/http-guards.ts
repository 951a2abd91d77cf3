// Request-level guards in front of GraphQL and the plain routes: a declared body size over
// MAX_REQUEST_BYTES (Yoga's own maxRequestBodySize, set to the same value in src/app/app.ts,
// also stops a streamed /graphql body while reading it), and the content types /graphql accepts:
// Yoga parses form-encoded POSTs, which a browser sends cross-site without a preflight (CSRF).
// Both answer before the body is read.
import type { Plugin } from "graphql-yoga";
import type { AppConfig } from "../core/config.ts";

const JSON_TYPES = /^application\/(json|graphql-response\+json)\s*(;|$)/i;

const problem = (status: number, code: "REQUEST_ENTITY_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE", message: string, extensions: Record<string, unknown> = {}) =>
  new Response(JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });

export const tooLargeResponse = (limit: number) =>
  problem(413, "REQUEST_ENTITY_TOO_LARGE", `The request body is larger than ${limit} bytes.`, { limit });

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
  };
}
