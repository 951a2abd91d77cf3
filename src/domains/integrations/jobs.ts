// Integrations background work: sync the AUTO accounts that are due. Idempotent per run: a
// synced account's nextSyncAt moves forward (settings.syncFrequencyHours, default 24 h), so a
// second run right after finds nothing due.
import { jobContext, type Job } from "../../core/jobs.ts";
import { syncDueAccounts } from "./service.ts";
import { oauthRefreshJob } from "./oauth.ts";

export const jobs: Job[] = [
  {
    name: "integrations.auto-sync",
    everySeconds: 300,
    run: (runtime) => syncDueAccounts(jobContext(runtime, "integrations.auto-sync")),
  },
  oauthRefreshJob,
];
