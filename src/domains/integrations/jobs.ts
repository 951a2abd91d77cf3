// Integrations background work: sync the AUTO accounts that are due. Idempotent per run: a
// synced account's nextSyncAt moves forward (settings.syncFrequencyHours, default 24 h), so a
// second run right after finds nothing due.
import type { Job } from "../../app/jobs-runner.ts";
import type { AppRuntime } from "../../app/app.ts";
import type { ServiceCtx } from "./common.ts";
import { syncDueAccounts } from "./service.ts";

/** The service context of a job: no viewer, no request; audit rows carry the job's name. */
export function jobContext(runtime: AppRuntime, name: string): ServiceCtx {
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

export const jobs: Job[] = [
  {
    name: "integrations.auto-sync",
    everySeconds: 300,
    run: (runtime) => syncDueAccounts(jobContext(runtime, "integrations.auto-sync")),
  },
];
