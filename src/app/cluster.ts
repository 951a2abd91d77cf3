// One process per core for the production start (node:cluster): the primary applies the
// migrations once, forks WEB_CONCURRENCY workers that each run the normal server (they share the
// listening port through the primary), restarts a worker that dies, and on SIGTERM/SIGINT asks
// every worker to shut down gracefully (each drains its in-flight requests exactly as a single
// process does, bounded by SHUTDOWN_TIMEOUT_MS), then exits. Only the first worker runs the job
// scheduler (jobs also take a per-job advisory lock, so a second scheduler would only idle).
//
// The embedded database always runs as ONE process: PGlite lives inside the process that opened
// it and serves a single connection, so a second process could not share it.
import cluster, { type Worker } from "node:cluster";
import os from "node:os";

/** V8 old-generation cap of a worker, in MB. */
export const WORKER_OLD_SPACE_MB = 256;

export interface ClusterSettings {
  /** WEB_CONCURRENCY: 0 = one per core. */
  concurrency: number;
  production: boolean;
  hasDatabaseUrl: boolean;
  shutdownTimeoutMs: number;
}

/** How many server processes `npm start` runs: 1 unless PostgreSQL is configured. */
export function workerCount(s: ClusterSettings): number {
  if (!s.hasDatabaseUrl) return 1;
  if (s.concurrency > 0) return s.concurrency;
  return s.production ? Math.max(1, os.availableParallelism()) : 1;
}

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export function isWorker(): boolean {
  return cluster.isWorker;
}

/** Runs the primary: forks `workers` workers and supervises them until SIGTERM/SIGINT. */
export function runPrimary(workers: number, settings: ClusterSettings, log: Log): void {
  let stopping = false;
  // Each worker's old generation is capped (unless NODE_OPTIONS sets its own): the live heap of a
  // worker is ~100 MB (heap snapshot, issue 19: mostly the Prisma query compiler's WASM memory and
  // source text); without a cap V8 lets garbage from concurrent requests grow RSS past 500 MB.
  const capped = /max-old-space-size/.test(`${process.env.NODE_OPTIONS ?? ""} ${process.execArgv.join(" ")}`);
  if (!capped) cluster.setupPrimary({ execArgv: [...process.execArgv, `--max-old-space-size=${WORKER_OLD_SPACE_MB}`] });
  const slots = new Map<number, number>(); // worker id → slot (slot 0 runs the scheduler)
  const restarts: number[] = [];

  const fork = (slot: number) => {
    const worker = cluster.fork({
      MIGRATE_ON_START: "false", // the primary already migrated
      ...(slot === 0 ? {} : { JOBS_SCHEDULER_ENABLED: "false" }),
      WORKER_SLOT: String(slot),
    });
    slots.set(worker.id, slot);
  };

  cluster.on("exit", (worker: Worker, code, signal) => {
    const slot = slots.get(worker.id) ?? 0;
    slots.delete(worker.id);
    if (stopping) {
      if (slots.size === 0) {
        log.info({}, "all workers stopped");
        process.exit(0);
      }
      return;
    }
    // A worker died on its own: replace it, but stop if they keep dying (5 in a minute).
    const now = Date.now();
    restarts.push(now);
    while (restarts.length && restarts[0] < now - 60_000) restarts.shift();
    if (restarts.length > 5) {
      log.error({ code, signal }, "workers keep exiting; stopping");
      process.exit(1);
    }
    log.warn({ pid: worker.process.pid, code, signal, slot }, "worker exited; starting a new one");
    fork(slot);
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal, workers: slots.size }, "shutting down workers");
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
      // A worker that does not finish in time (its own timeout plus a margin) is killed.
      setTimeout(() => {
        for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGKILL");
        process.exit(1);
      }, settings.shutdownTimeoutMs + 5_000).unref();
    });
  }

  for (let slot = 0; slot < workers; slot++) fork(slot);
  log.info({ workers }, `started ${workers} worker processes`);
}
