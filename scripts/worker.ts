// `npm run worker`: a process that only runs the background jobs (graphile-worker on
// DATABASE_URL), for deployments whose web instances set JOBS_SCHEDULER_ENABLED=false.
// Serves /metrics, /healthz and /readyz on PORT; stops on SIGTERM/SIGINT after the jobs in progress finish.
import { Redis } from "ioredis";
import { loadConfig } from "../src/core/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { jobs } from "../src/app/domains.ts";
import { startBackgroundJobs } from "../src/app/jobs.ts";
import { createApp } from "../src/app/app.ts";
import { startHttpServer } from "../src/app/http.ts";
import { createLogger } from "../src/core/logger.ts";

async function main() {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const database = await openDatabase(config, log);
  // With REDIS_URL, events the jobs publish (a payment expired, …) reach subscribers on the web instances.
  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 }) : null;
  const app = createApp({ config, db: database.db, log, redis, databaseKind: database.kind });
  const background = await startBackgroundJobs(app.runtime, jobs, database.url);
  // /metrics (job runs, lag, dead letters), /healthz and /readyz on PORT, for the scraper and the orchestrator.
  const server = await startHttpServer(app, async () => {
    await background.stop();
    await app.close();
    await redis?.quit().catch(() => undefined);
    await database.close();
  });
  log.info({ jobs: jobs.map((j) => j.name), runner: background.kind, port: server.port }, "worker started");
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      server.stop(signal).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
