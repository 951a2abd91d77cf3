// Chooses the database: DATABASE_URL → that PostgreSQL; otherwise an embedded PGlite database
// in DATA_DIR/pgdata. Either way: reachable, migrated, and a Prisma client over a pg pool.
import path from "node:path";
import pg from "pg";
import type { AppConfig } from "../core/config.ts";
import type { Logger } from "../core/logger.ts";
import { createDb, type Db } from "./client.ts";
import { EMBEDDED_MAX_CONNECTIONS, startEmbedded, type EmbeddedDatabase } from "./embedded.ts";
import { migrate } from "./migrate.ts";

export class DatabaseUnavailableError extends Error {}

export interface OpenDatabase {
  db: Db;
  kind: "embedded" | "postgres";
  url: string;
  embedded: EmbeddedDatabase | null;
  close(): Promise<void>;
}

/** Hides the password of a connection URL for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<unparseable url>";
  }
}

async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (e) {
    throw new DatabaseUnavailableError(`Database unreachable at ${redactUrl(url)}: ${(e as Error).message || (e as Error).name}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function openDatabase(config: AppConfig, log: Logger): Promise<OpenDatabase> {
  let embedded: EmbeddedDatabase | null = null;
  let url: string;
  let kind: OpenDatabase["kind"];
  if (config.DATABASE_URL) {
    url = config.DATABASE_URL;
    kind = "postgres";
    await assertReachable(url);
    log.info({ database: "postgres", url: redactUrl(url) }, "using PostgreSQL from DATABASE_URL");
  } else {
    const dataDir = path.resolve(config.DATA_DIR, "pgdata");
    embedded = await startEmbedded({ dataDir });
    url = embedded.url;
    kind = "embedded";
    log.info({ database: "embedded", dataDir }, "DATABASE_URL not set: using the embedded PGlite database");
  }
  try {
    if (config.MIGRATE_ON_START) {
      const result = await migrate(url);
      log.info({ applied: result.applied, alreadyApplied: result.alreadyApplied }, result.applied.length ? "migrations applied" : "database schema is up to date");
      if (result.checksumMismatches.length) log.warn({ migrations: result.checksumMismatches }, "applied migrations differ from the files on disk");
    }
  } catch (e) {
    await embedded?.close();
    throw e;
  }
  const db = createDb({
    url,
    poolMax: kind === "embedded" ? EMBEDDED_MAX_CONNECTIONS : config.DB_POOL_MAX,
    // The execution budget reaches the server (the embedded one has no statement cancellation).
    statementTimeoutMs: kind === "postgres" ? config.REQUEST_TIMEOUT_MS : undefined,
    planCacheSize: config.DB_PLAN_CACHE_SIZE,
    // statement counting is for tests; in production nothing reads it
    countStatements: !config.production,
    onPoolError: (err) => log.warn({ err: err.message }, "idle database connection lost"),
  });
  return {
    db,
    kind,
    url,
    embedded,
    async close() {
      await db.close();
      await embedded?.close();
    },
  };
}
