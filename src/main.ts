// Entry point of `npm start`: validate config, open (and migrate) the database, seed the
// embedded one on first start, serve GraphQL + GraphiQL, shut down gracefully on SIGTERM/SIGINT.
import { Redis } from "ioredis";
import { ConfigError, loadConfig, type AppConfig } from "./core/config.ts";
import { openDatabase, DatabaseUnavailableError } from "./db/database.ts";
import { MigrationError } from "./db/migrate.ts";
import { createApp } from "./app/app.ts";
import { startHttpServer } from "./app/http.ts";
import { createLogger } from "./core/logger.ts";
import { seedIfEmpty } from "../prisma/seed/index.ts";
import { jobs } from "./app/domains.ts";
import { startScheduler } from "./app/jobs-runner.ts";

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function connectRedis(config: AppConfig): Promise<Redis | null> {
  if (!config.REDIS_URL) return null;
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
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
  const scheduler = config.JOBS_SCHEDULER_ENABLED && jobs.length ? startScheduler(app.runtime, jobs, config.JOBS_INTERVAL_SECONDS) : null;
  const server = await startHttpServer(app, async () => {
    await scheduler?.stop();
    await redis?.quit().catch(() => undefined);
    await database.close();
  });
  log.info(
    {
      url: `http://localhost:${server.port}/graphql`,
      graphiql: config.graphiqlEnabled,
      database: database.kind,
      sharedState: redis ? "redis" : "database",
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
