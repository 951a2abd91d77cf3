// Shared key/value state (rate-limit counters, persisted operations, rendered templates):
// Redis when REDIS_URL is set, otherwise the database's cache_store table, so several gateway
// processes share state either way. Expired cache_store rows are purged by the jobs runner.
import type { Redis } from "ioredis";
import type { PrismaClient } from "../db/client.ts";
import type { Logger } from "../core/logger.ts";
import { type KeyValueStore } from "../core/ports.ts";


/**
 * `clock` is the service clock: the database store writes and judges expiry by it (not the
 * database's now()), so expiry agrees with the purge job and purgeCache, which compare expires_at
 * with the same clock. (Redis keeps judging TTLs by its own clock.)
 */
export function createKeyValueStore(redis: Redis | null, prisma: PrismaClient, clock: () => Date, log?: Logger): KeyValueStore {
  return redis ? withDatabaseFallback(redis, redisStore(redis), databaseStore(prisma, clock), log) : databaseStore(prisma, clock);
}

/**
 * Redis first; while Redis is not connected (or a command fails to reach it) the database store
 * answers instead, so limits, persisted operations and caches keep working through an outage and
 * nothing queues up to be replayed when Redis returns. Counters kept meanwhile live in the
 * database and restart in Redis afterwards (a window may count twice its limit at most).
 */
function withDatabaseFallback(redis: Redis, primary: KeyValueStore, fallback: KeyValueStore, log?: Logger): KeyValueStore {
  let warned = false;
  const call = async <T>(op: (s: KeyValueStore) => Promise<T>): Promise<T> => {
    if (redis.status === "ready") {
      try {
        const result = await op(primary);
        warned = false;
        return result;
      } catch (e) {
        if (!isRedisConnectivityError(e)) throw e;
      }
    }
    if (!warned) {
      warned = true;
      log?.warn({ redis: redis.status }, "redis unavailable: shared state falls back to the database store");
    }
    return op(fallback);
  };
  return {
    kind: "redis",
    get: (key) => call((s) => s.get(key)),
    set: (key, value, ttl, category) => call((s) => s.set(key, value, ttl, category)),
    incr: (key, ttl, by) => call((s) => s.incr(key, ttl, by)),
    del: (key) => call((s) => s.del(key)),
    ttl: (key) => call((s) => s.ttl(key)),
  };
}

function isRedisConnectivityError(e: unknown): boolean {
  const err = e as { name?: string; code?: string; message?: string };
  return (
    err?.name === "MaxRetriesPerRequestError" ||
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"].includes(err?.code ?? "") ||
    /Connection is closed|Stream isn't writeable|enableOfflineQueue|Command timed out/i.test(err?.message ?? "")
  );
}

function redisStore(redis: Redis): KeyValueStore {
  const k = (key: string) => `gw:${key}`;
  return {
    kind: "redis",
    async get<T>(key: string) {
      const raw = await redis.get(k(key));
      return raw === null ? null : (JSON.parse(raw) as T);
    },
    async set(key, value, ttlSeconds) {
      const raw = JSON.stringify(value);
      if (ttlSeconds) await redis.set(k(key), raw, "EX", ttlSeconds);
      else await redis.set(k(key), raw);
    },
    async incr(key, ttlSeconds, by = 1) {
      const [[, value]] = (await redis.multi().incrby(k(key), by).expire(k(key), ttlSeconds, "NX").exec()) as [[unknown, number]];
      return Number(value);
    },
    async del(key) {
      await redis.del(k(key));
    },
    async ttl(key) {
      const t = await redis.ttl(k(key));
      return t >= 0 ? t : null;
    },
  };
}

function databaseStore(prisma: PrismaClient, clock: () => Date): KeyValueStore {
  return {
    kind: "database",
    async get<T>(key: string) {
      const now = clock();
      const rows = await prisma.$queryRaw<{ value: T }[]>`
        SELECT value FROM cache_store WHERE key = ${key} AND (expires_at IS NULL OR expires_at > ${now}::timestamptz)`;
      return rows[0]?.value ?? null;
    },
    async set(key, value, ttlSeconds, category) {
      const now = clock();
      const json = JSON.stringify(value);
      await prisma.$executeRaw`
        INSERT INTO cache_store (key, value, category, expires_at, created_at, updated_at)
        VALUES (${key}, ${json}::jsonb, ${category ?? null},
                CASE WHEN ${ttlSeconds ?? null}::int IS NULL THEN NULL ELSE ${now}::timestamptz + make_interval(secs => ${ttlSeconds ?? 0}::int) END,
                ${now}::timestamptz, ${now}::timestamptz)
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, category = EXCLUDED.category,
          expires_at = EXCLUDED.expires_at, updated_at = ${now}::timestamptz`;
    },
    async incr(key, ttlSeconds, by = 1) {
      const now = clock();
      // One statement: an expired counter restarts at `by` with a fresh window.
      const rows = await prisma.$queryRaw<{ v: number }[]>`
        INSERT INTO cache_store (key, value, category, expires_at, created_at, updated_at)
        VALUES (${key}, to_jsonb(${by}::int), 'counter', ${now}::timestamptz + make_interval(secs => ${ttlSeconds}::int), ${now}::timestamptz, ${now}::timestamptz)
        ON CONFLICT (key) DO UPDATE SET
          value = CASE WHEN cache_store.expires_at IS NOT NULL AND cache_store.expires_at <= ${now}::timestamptz
                       THEN to_jsonb(${by}::int)
                       ELSE to_jsonb((cache_store.value #>> '{}')::int + ${by}::int) END,
          expires_at = CASE WHEN cache_store.expires_at IS NOT NULL AND cache_store.expires_at <= ${now}::timestamptz
                       THEN ${now}::timestamptz + make_interval(secs => ${ttlSeconds}::int)
                       ELSE cache_store.expires_at END,
          updated_at = ${now}::timestamptz
        RETURNING (value #>> '{}')::int AS v`;
      return Number(rows[0].v);
    },
    async del(key) {
      await prisma.$executeRaw`DELETE FROM cache_store WHERE key = ${key}`;
    },
    async ttl(key) {
      const now = clock();
      const rows = await prisma.$queryRaw<{ s: number | null }[]>`
        SELECT CEIL(EXTRACT(EPOCH FROM (expires_at - ${now}::timestamptz)))::int AS s FROM cache_store WHERE key = ${key} AND (expires_at IS NULL OR expires_at > ${now}::timestamptz)`;
      return rows[0]?.s ?? null;
    },
  };
}
