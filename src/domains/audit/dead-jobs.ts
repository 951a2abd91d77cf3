// The dead-letter view of the job queue (src/app/worker.ts): graphile-worker jobs that used up
// their attempts stay in graphile_worker.jobs and are retried by nothing. Admins list them
// (Query.deadJobs); gateway_jobs_dead counts them. Without the worker's schema (embedded
// database, in-process runner) the list is empty: failed in-process runs are logged and re-run
// on the next tick.
import type { PrismaClient } from "../../db/client.ts";

async function workerSchemaExists(prisma: PrismaClient): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ t: string | null }[]>`SELECT to_regclass('graphile_worker.jobs')::text AS t`;
  return !!rows[0]?.t;
}

export interface DeadJob {
  id: string;
  task: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  runAt: Date;
  createdAt: Date;
}

/** Jobs that used up their attempts (graphile-worker keeps them; nothing retries them). */
export async function deadJobs(prisma: PrismaClient, limit: number): Promise<DeadJob[]> {
  if (!(await workerSchemaExists(prisma))) return [];
  const rows = await prisma.$queryRawUnsafe<
    { id: string; task_identifier: string; attempts: number; max_attempts: number; last_error: string | null; run_at: Date; created_at: Date }[]
  >(
    `SELECT id::text, task_identifier, attempts, max_attempts, last_error, run_at, created_at
       FROM graphile_worker.jobs WHERE attempts >= max_attempts AND locked_at IS NULL
      ORDER BY run_at DESC, id DESC LIMIT $1`,
    limit,
  );
  return rows.map((r) => ({ id: r.id, task: r.task_identifier, attempts: r.attempts, maxAttempts: r.max_attempts, lastError: r.last_error, runAt: r.run_at, createdAt: r.created_at }));
}

/** Dead letters per task, for gateway_jobs_dead. */
export async function countDeadJobs(prisma: PrismaClient): Promise<{ task: string; count: number }[]> {
  if (!(await workerSchemaExists(prisma))) return [];
  return prisma.$queryRawUnsafe<{ task: string; count: number }[]>(
    `SELECT task_identifier AS task, count(*)::int AS count FROM graphile_worker.jobs
      WHERE attempts >= max_attempts AND locked_at IS NULL GROUP BY task_identifier`,
  );
}
