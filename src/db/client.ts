// The Prisma client: the Rust-free query compiler over the pg driver adapter. We own the pg
// pool so /readyz can ping it, errors on idle connections never crash the process, and the
// embedded database gets a pool of exactly one connection.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { installPlanCache } from "./plan-cache.ts";

export type Db = ReturnType<typeof createDb>;
export type { PrismaClient };
export type { DbClient } from "../core/tx.ts";

export interface DbOptions {
  url: string;
  poolMax: number;
  /** PostgreSQL statement_timeout of every pooled connection (REQUEST_TIMEOUT_MS); unset: none. */
  statementTimeoutMs?: number;
  onPoolError?: (err: Error) => void;
  /** Compiled read plans kept (src/db/plan-cache.ts); default 500, 0 = off. One cache per process. */
  planCacheSize?: number;
  /**
   * Count (and optionally log) every statement Prisma sends, through its `query` log events
   * (default on; tests assert statement counts with it). Production turns it off: each event
   * costs a JSON copy of the statement's parameters and an emit per statement, and nothing reads it.
   */
  countStatements?: boolean;
}

export function createDb(opts: DbOptions) {
  installPlanCache(opts.planCacheSize ?? 500);
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolMax,
    // Also bounds the wait for a free pooled connection. The embedded database has ONE connection,
    // so bursts queue longer there; a real server answers "unavailable" sooner.
    connectionTimeoutMillis: opts.poolMax === 1 ? 30_000 : 5_000,
    idleTimeoutMillis: 30_000,
    ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}),
  });
  // An idle client losing its server must not take the process down; the pool replaces it.
  pool.on("error", (err) => opts.onPoolError?.(err));

  const adapter = new PrismaPg(pool);
  const countStatements = opts.countStatements ?? true;
  const prisma = new PrismaClient({
    adapter,
    log: countStatements ? [{ level: "query", emit: "event" }] : [],
    transactionOptions: { maxWait: 10_000, timeout: 20_000 },
  });

  /** Every SQL statement Prisma sends is counted; tests assert N+1-freedom with it. */
  const stats = { statements: 0, log: [] as string[], keepLog: false };
  if (countStatements) {
    prisma.$on("query" as never, (e: { query: string }) => {
      stats.statements++;
      if (stats.keepLog) stats.log.push(e.query);
    });
  }

  return {
    prisma,
    pool,
    stats,
    async ping(): Promise<void> {
      const client = await pool.connect();
      try {
        await client.query("SELECT 1");
      } finally {
        client.release();
      }
    },
    async close(): Promise<void> {
      await prisma.$disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}
