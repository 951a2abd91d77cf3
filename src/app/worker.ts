// The distributed job queue: graphile-worker on PostgreSQL runs the domains' jobs for every
// instance at once. Each job is a cron item (identifier = job name): graphile-worker records the
// last slot it scheduled in its own schema (graphile_worker, managed by its own migrations, apart
// from prisma/migrations) and gives each slot's job a unique key, so N instances running the
// worker schedule and run a slot exactly once. A run that throws is retried with graphile-worker's
// exponential backoff (exp(min(attempts, 10)) seconds) up to JOBS_MAX_ATTEMPTS; after that the job
// stays in graphile_worker.jobs as a dead letter (Query.deadJobs, gateway_jobs_dead).
// Queued one-off work goes through enqueue() (same tasks, optional job key).
// The embedded database has ONE connection and no LISTEN across processes: it keeps the
// in-process scheduler (src/app/jobs-runner.ts), and `npm run jobs` still runs everything once.
import { Logger as GraphileLogger, parseCronItems, run, type CronItem, type Runner, type TaskList } from "graphile-worker";
import pg from "pg";
import type { AppRuntime } from "./app.ts";
import type { Job } from "./jobs-runner.ts";

export interface WorkerHandle {
  stop(): Promise<void>;
  /** Adds a one-off run of a job (a jobKey makes repeats collapse into one pending job). */
  enqueue(task: string, payload?: Record<string, unknown>, opts?: { jobKey?: string; runAt?: Date }): Promise<void>;
}

/** graphile-worker's crontab granularity is one minute: a job due every N seconds runs every ceil(N/60) minutes. */
export function cronPatternFor(everySeconds: number): string {
  const minutes = Math.max(1, Math.ceil(everySeconds / 60));
  if (minutes < 60) return minutes === 1 ? "* * * * *" : `*/${minutes} * * * *`;
  const hours = Math.min(24, Math.ceil(minutes / 60));
  return hours >= 24 ? "0 0 * * *" : hours === 1 ? "0 * * * *" : `0 */${hours} * * *`;
}

export function cronItemsFor(jobs: Job[], maxAttempts: number, backfillSeconds: number): CronItem[] {
  return jobs.map((job) => ({
    task: job.name,
    identifier: job.name,
    match: cronPatternFor(job.everySeconds),
    // jobKey: a slot still queued (e.g. retrying) is not doubled by the next one.
    options: { maxAttempts, backfillPeriod: backfillSeconds * 1000, queueName: `cron:${job.name}`, jobKey: `cron:${job.name}`, jobKeyMode: "preserve_run_at" },
  }));
}

export const WORKER_SCHEMA = "graphile_worker";

export async function startWorker(
  runtime: AppRuntime,
  jobs: Job[],
  opts: { connectionString: string; concurrency: number; maxAttempts: number; backfillSeconds: number; pollIntervalMs?: number; cron?: boolean },
): Promise<WorkerHandle> {
  const { log, metrics } = runtime;
  // Its own small pool: the worker holds a LISTEN connection and must not starve requests.
  const pool = new pg.Pool({ connectionString: opts.connectionString, max: opts.concurrency + 2 });
  pool.on("error", (err) => log.warn({ err: err.message }, "job worker: idle connection lost"));
  pool.on("connect", (client) => client.on("error", (err) => log.warn({ err: err.message }, "job worker: connection error")));
  const taskList: TaskList = {};
  for (const job of jobs) {
    taskList[job.name] = async (_payload, helpers) => {
      const t0 = performance.now();
      metrics?.jobLag.observe({ job: job.name }, Math.max(0, (Date.now() - new Date(helpers.job.run_at).getTime()) / 1000));
      try {
        const result = await job.run(runtime);
        metrics?.jobRuns.inc({ job: job.name, outcome: "ok" });
        log.info({ job: job.name, attempt: helpers.job.attempts, ms: Math.round(performance.now() - t0), result }, "job finished");
      } catch (e) {
        metrics?.jobRuns.inc({ job: job.name, outcome: "failed" });
        log.error({ job: job.name, attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts, err: (e as Error).message }, "job failed; graphile-worker retries it with backoff");
        throw e;
      } finally {
        metrics?.jobDuration.observe({ job: job.name }, (performance.now() - t0) / 1000);
      }
    };
  }
  const logger = new GraphileLogger((scope) => (level, message, meta) => {
    const fn = level === "error" ? log.error.bind(log) : level === "warning" ? log.warn.bind(log) : log.debug.bind(log);
    fn({ worker: scope, ...(meta ?? {}) }, `graphile-worker: ${message}`);
  });
  const runner: Runner = await run(
    {
      pgPool: pool,
      schema: WORKER_SCHEMA,
      concurrency: opts.concurrency,
      noHandleSignals: true,
      pollInterval: opts.pollIntervalMs ?? 2000,
      logger,
      taskList,
    },
    undefined,
    opts.cron === false ? [] : parseCronItems(cronItemsFor(jobs, opts.maxAttempts, opts.backfillSeconds)),
  );
  let stopped: Promise<void> | null = null;
  return {
    enqueue: async (task, payload = {}, o = {}) => {
      await runner.addJob(task, payload, { jobKey: o.jobKey, runAt: o.runAt, maxAttempts: opts.maxAttempts });
    },
    stop: () =>
      (stopped ??= (async () => {
        await runner.stop().catch((e) => log.warn({ err: (e as Error).message }, "job worker: stop failed"));
        await pool.end().catch(() => undefined);
      })()),
  };
}

