// Background jobs (subscription roll-over, e-mail delivery, cache purge, SEO retries, …).
// Domains export `jobs` from their index; `npm run jobs` runs each once, and the server runs them
// on an interval in-process unless JOBS_SCHEDULER_ENABLED=false. Every job must be idempotent:
// running it twice for the same period changes nothing the second time.
import type { Job } from "../core/jobs.ts";
import type { AppRuntime } from "./runtime.ts";

export type { Job };


export async function runJobsOnce(runtime: AppRuntime, jobs: Job[]): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const job of jobs) {
    const t0 = performance.now();
    try {
      results[job.name] = (await job.run(runtime)) ?? "ok";
      runtime.metrics?.jobRuns.inc({ job: job.name, outcome: "ok" });
      runtime.metrics?.jobDuration.observe({ job: job.name }, (performance.now() - t0) / 1000);
      runtime.log.info({ job: job.name, ms: Math.round(performance.now() - t0), result: results[job.name] }, "job finished");
    } catch (e) {
      results[job.name] = { error: (e as Error).message };
      runtime.metrics?.jobRuns.inc({ job: job.name, outcome: "failed" });
      runtime.log.error({ job: job.name, err: (e as Error).message }, "job failed");
    }
  }
  return results;
}

/** In-process scheduler: one loop, jobs never overlap themselves, stops on shutdown. */
export function startScheduler(runtime: AppRuntime, jobs: Job[], tickSeconds: number): { stop(): Promise<void> } {
  const lastRun = new Map<string, number>();
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const now = Date.now();
    const due = jobs.filter((j) => now - (lastRun.get(j.name) ?? 0) >= j.everySeconds * 1000);
    due.forEach((j) => lastRun.set(j.name, now));
    if (due.length) running = running.then(() => runJobsOnce(runtime, due));
  };
  const timer = setInterval(tick, tickSeconds * 1000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
