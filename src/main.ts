// Entry point of `npm start`: validate config, open (and migrate) the database, seed the
// embedded one on first start, serve GraphQL + GraphiQL, shut down gracefully on SIGTERM/SIGINT.
import { Redis } from "ioredis";
import { ConfigError, loadConfig, type AppConfig } from "./core/config.ts";
import { openDatabase, DatabaseUnavailableError, redactUrl } from "./db/database.ts";
import { MigrationError } from "./db/migrate.ts";
import { createApp } from "./app/app.ts";
import { startHttpServer } from "./app/http.ts";
import { createLogger } from "./core/logger.ts";
import { seedIfEmpty } from "../prisma/seed/index.ts";
import { seedDemoSecrets } from "../prisma/seed/secrets.ts";
import { jobs } from "./app/domains.ts";
import { startBackgroundJobs } from "./app/jobs.ts";
import { isWorker, runPrimary, workerCount } from "./app/cluster.ts";
import { migrate } from "./db/migrate.ts";

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function connectRedis(config: AppConfig): Promise<Redis | null> {
  if (!config.REDIS_URL) return null;
  const redis = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    // While Redis is away, commands fail at once and the key/value store answers from the
    // database (src/adapters/kv.ts) instead of queueing attempts to replay when it returns.
    enableOfflineQueue: false,
    commandTimeout: 1_000,
  });
  try {
    await redis.connect();
    return redis;
  } catch (e) {
    redis.disconnect();
    fail(`Redis unreachable at REDIS_URL: ${(e as Error).message}`);
  }
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL);
  const t0 = performance.now();

  // PostgreSQL in production: one process per core (src/app/cluster.ts). The primary migrates
  // once, then only supervises; each worker continues below as a normal single server.
  const settings = { concurrency: config.WEB_CONCURRENCY, production: config.production, hasDatabaseUrl: !!config.DATABASE_URL, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS };
  const workers = workerCount(settings);
  if (workers > 1 && !isWorker()) {
    try {
      if (config.MIGRATE_ON_START) await migrate(config.DATABASE_URL!);
    } catch (e) {
      if (e instanceof MigrationError) fail(e.message);
      fail(`Database unreachable at ${redactUrl(config.DATABASE_URL!)}: ${(e as Error).message || (e as Error).name}`);
    }
    runPrimary(workers, settings, log);
    return;
  }

  let database;
  try {
    database = await openDatabase(config, log);
  } catch (e) {
    if (e instanceof DatabaseUnavailableError || e instanceof MigrationError) fail(e.message);
    throw e;
  }

  const seed = config.seedOnStart ?? database.kind === "embedded";
  if (seed) await seedIfEmpty(database.db.prisma, log);

  const redis = await connectRedis(config);
  const app = createApp({ config, db: database.db, log, redis, databaseKind: database.kind });
  if (seed) {
    const written = await seedDemoSecrets(database.db.prisma, app.runtime.services.secrets);
    if (written) log.info({ written }, "demo connection credentials written to the secrets store");
  }
  const scheduler = config.JOBS_SCHEDULER_ENABLED && jobs.length ? await startBackgroundJobs(app.runtime, jobs, database.url) : null;
  const server = await startHttpServer(app, async () => {
    await scheduler?.stop();
    await app.close();
    await redis?.quit().catch(() => undefined);
    await database.close();
  });
  log.info(
    {
      url: `http://localhost:${server.port}/graphql`,
      graphiql: config.graphiqlEnabled,
      database: database.kind,
      sharedState: redis ? "redis" : "database",
      jobs: scheduler?.kind ?? "off",
      startupMs: Math.round(performance.now() - t0),
    },
    `listening on http://localhost:${server.port}/graphql (${database.kind} database)`,
  );

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      server.stop(signal).then(
        () => process.exit(0),
        (e) => {
          log.error({ err: e }, "error during shutdown");
          process.exit(1);
        },
      );
    });
  }
}

main().catch((e) => {
  process.stderr.write(`Fatal: ${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
});
