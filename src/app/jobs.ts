// Which runner runs the background jobs in this process: graphile-worker on PostgreSQL (the
// default with DATABASE_URL), or the in-process timer (the embedded database, JOBS_QUEUE=inprocess).
import type { AppRuntime } from "./app.ts";
import { startScheduler, type Job } from "./jobs-runner.ts";
import { startWorker, type WorkerHandle } from "./worker.ts";

export interface BackgroundJobs {
  kind: "graphile" | "inprocess";
  stop(): Promise<void>;
  worker: WorkerHandle | null;
}

export async function startBackgroundJobs(runtime: AppRuntime, jobs: Job[], databaseUrl: string): Promise<BackgroundJobs> {
  const { config } = runtime;
  const queue = config.JOBS_QUEUE ?? (runtime.databaseKind === "postgres" ? "graphile" : "inprocess");
  if (queue === "graphile" && runtime.databaseKind === "postgres") {
    const worker = await startWorker(runtime, jobs, {
      connectionString: databaseUrl,
      concurrency: config.JOBS_CONCURRENCY,
      maxAttempts: config.JOBS_MAX_ATTEMPTS,
      backfillSeconds: config.JOBS_BACKFILL_SECONDS,
    });
    return { kind: "graphile", worker, stop: () => worker.stop() };
  }
  if (queue === "graphile") runtime.log.warn("JOBS_QUEUE=graphile needs PostgreSQL (DATABASE_URL); the embedded database runs jobs in-process");
  const scheduler = startScheduler(runtime, jobs, config.JOBS_INTERVAL_SECONDS);
  return { kind: "inprocess", worker: null, stop: () => scheduler.stop() };
}
