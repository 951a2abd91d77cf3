// Background jobs (subscription roll-over, e-mail delivery, cache purge, SEO retries, …).
// Domains export `jobs` from their index; src/app/jobs-runner.ts runs them (`npm run jobs` once
// each, and on an interval in-process unless JOBS_SCHEDULER_ENABLED=false). Every job must be
// idempotent: running it twice for the same period changes nothing the second time.
import type { AppConfig } from "./config.ts";
import type { ServiceCtx } from "./context.ts";
import type { Logger } from "./logger.ts";
import type { Services } from "./ports.ts";
import type { PrismaClient } from "./tx.ts";

/** What a job, a webhook handler or a plain route gets: the process's pieces, no request. */
export interface JobRuntime {
  config: AppConfig;
  db: { prisma: PrismaClient };
  log: Logger;
  services: Services;
}

export interface Job {
  name: string;
  /** Minimum seconds between runs of the in-process scheduler. */
  everySeconds: number;
  run(runtime: JobRuntime): Promise<Record<string, unknown> | void>;
}

/** The service context of a job: no viewer, no request; audit rows carry the job's name. */
export function jobContext(runtime: JobRuntime, name: string): ServiceCtx {
  return {
    prisma: runtime.db.prisma,
    services: runtime.services,
    config: runtime.config,
    log: runtime.log.child({ job: name }),
    viewer: null,
    ip: null,
    userAgent: null,
    requestId: `job:${name}`,
  };
}
