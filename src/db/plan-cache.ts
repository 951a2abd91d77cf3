// A cache of Prisma's compiled query plans for read queries.
//
// Prisma 6.19's Rust-free client compiles every query again on every call: the request is
// serialised to JSON, handed to the WASM query compiler, and the plan converted back into
// JavaScript objects. Under the benchmark of issue 19 that was ~13 % of the gateway's CPU in the
// WASM module plus a share of the garbage it leaves (docs/performance.md). Prisma 7.4 caches
// plans by query shape; 7.x cannot be built here (stack notes), so this caches them by the
// exact request: the same JSON (model, action, selection, where-clause with its values) always
// compiles to the same plan, so a repeated read — the first page of the public stories, a story
// by id, the same comment tree — skips the compiler.
//
// Only reads are cached: a create's plan may carry values generated at compile time (ids,
// timestamps), which must not be replayed. Plans are frozen, so nothing can change a cached plan;
// the executor only reads them. The cache is a bounded LRU (DB_PLAN_CACHE_SIZE entries, 0 = off)
// and requests longer than MAX_KEY characters are not cached.
import { createRequire } from "node:module";

const MAX_KEY = 16_384;
const READ = /^\{"modelName":"[A-Za-z0-9_]+","action":"(findMany|findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|aggregate|groupBy|count)"/;
const READ_BATCH = /^\{"batch":\[\{"modelName":"[A-Za-z0-9_]+","action":"(findMany|findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|aggregate|groupBy|count)"/;

export interface PlanCacheStats {
  hits: number;
  misses: number;
  size: number;
  capacity: number;
}

interface Compiler {
  compile(request: string): unknown;
  compileBatch(request: string): unknown;
}

const cache = new Map<string, unknown>();
const stats = { hits: 0, misses: 0 };
let capacity = 0;
let installed = false;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

function cached(original: (request: string) => unknown, isRead: RegExp) {
  return function (this: Compiler, request: string): unknown {
    if (capacity === 0 || request.length > MAX_KEY || !isRead.test(request)) return original.call(this, request);
    const hit = cache.get(request);
    if (hit !== undefined) {
      stats.hits++;
      // LRU: move to the newest end
      cache.delete(request);
      cache.set(request, hit);
      return hit;
    }
    stats.misses++;
    const plan = deepFreeze(original.call(this, request));
    cache.set(request, plan);
    if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
    return plan;
  };
}

/**
 * Wraps the query compiler's `compile`/`compileBatch` once per process (the compiler class is
 * shared by every PrismaClient of the process). `size` 0 turns the cache off.
 */
export function installPlanCache(size: number): void {
  capacity = size;
  while (cache.size > capacity) cache.delete(cache.keys().next().value as string);
  if (installed) return;
  const runtime = createRequire(__filename)("@prisma/client/runtime/query_compiler_bg.postgresql.js") as { QueryCompiler: { prototype: Compiler } };
  const proto = runtime.QueryCompiler.prototype;
  proto.compile = cached(proto.compile, READ);
  proto.compileBatch = cached(proto.compileBatch, READ_BATCH);
  installed = true;
}

export function planCacheStats(): PlanCacheStats {
  return { ...stats, size: cache.size, capacity };
}
