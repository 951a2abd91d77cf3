// Persisted operations for the apps. `npm run codegen` writes operations/__generated__/
// persisted-documents.json ("sha256:<hex>" → document); the server accepts an id as Relay's
// `documentId`, as Apollo APQ's `extensions.persistedQuery.sha256Hash`, and on GET (so CDNs can
// cache reads; Yoga never runs a mutation over GET). With PERSISTED_OPERATIONS_ONLY (default in
// production) arbitrary documents are refused, except for admins so GraphiQL keeps working.
// With Redis configured the manifest is also published to, and looked up in, the shared store,
// so a fleet running several app versions shares every version's operations.
import fs from "node:fs";
import path from "node:path";
import { usePersistedOperations } from "@graphql-yoga/plugin-persisted-operations";
import type { GraphQLParams, Plugin } from "graphql-yoga";
import type { AppRuntime } from "./runtime.ts";
import { appError } from "../core/errors.ts";

export const MANIFEST_FILE = path.resolve(__dirname, "../../operations/__generated__/persisted-documents.json");
const HEX_ID = /^[0-9a-f]{64}$/;

/** "sha256:<hex>" or "<hex>" → "<hex>"; anything else → null. */
export function normalizeOperationId(id: unknown): string | null {
  if (typeof id !== "string") return null;
  const hex = id.startsWith("sha256:") ? id.slice(7) : id;
  return HEX_ID.test(hex) ? hex : null;
}

export function loadManifest(file = MANIFEST_FILE): Map<string, string> {
  if (!fs.existsSync(file)) return new Map();
  const raw = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
  const map = new Map<string, string>();
  for (const [id, doc] of Object.entries(raw)) {
    const hex = normalizeOperationId(id);
    if (hex) map.set(hex, doc);
  }
  return map;
}

function extractId(params: GraphQLParams, request: Request): string | null {
  const p = params as GraphQLParams & { documentId?: unknown; id?: unknown };
  const apq = (p.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  const fromUrl = request.method === "GET" ? new URL(request.url).searchParams.get("documentId") : null;
  return (p.documentId ?? fromUrl ?? apq ?? p.id ?? null) as string | null;
}

export function persistedOperationsPlugin(runtime: AppRuntime): Plugin {
  const manifest = loadManifest();
  const shared = runtime.redis ? runtime.services.kv : null;
  if (shared) {
    // Published to the database store too: while Redis is down, lookups fall back to it.
    for (const [hex, doc] of manifest) {
      void shared.set(`persisted:${hex}`, doc).catch(() => undefined);
      void runtime.services.durableKv.set(`persisted:${hex}`, doc, undefined, "persisted_operation").catch(() => undefined);
    }
  }
  const status400 = { http: { status: 400 } };
  return usePersistedOperations({
    extractPersistedOperationId: extractId,
    getPersistedOperation: async (key) => {
      const hex = normalizeOperationId(key);
      if (!hex) return null;
      return manifest.get(hex) ?? (shared ? await shared.get<string>(`persisted:${hex}`) : null);
    },
    allowArbitraryOperations: async (request) => {
      if (!runtime.config.persistedOperationsOnly) return true;
      try {
        const viewer = await runtime.viewerOf(request);
        return !!viewer?.roles.has("ADMIN");
      } catch {
        return false;
      }
    },
    customErrors: {
      notFound: () => appError("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound: this operation id is not known to the server.", status400),
      persistedQueryOnly: () => appError("PERSISTED_QUERY_ONLY", "Only persisted operations may run here; send a documentId or a persisted query hash.", status400),
      keyNotFound: () => appError("BAD_USER_INPUT", "Send a GraphQL `query`, or a persisted operation `documentId` / `extensions.persistedQuery.sha256Hash`.", status400),
    },
  });
}
