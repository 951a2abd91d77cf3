// SEO background work: send due submissions (new ones the request did not get to, and retries
// whose backoff has passed). Idempotent: a submission is claimed before it is sent.
import type { Job } from "../../core/jobs.ts";
import { jobContext } from "../../core/jobs.ts";
import { dispatchDueSubmissions } from "./service.ts";

export const jobs: Job[] = [
  {
    name: "seo.dispatch-submissions",
    everySeconds: 60,
    run: (runtime) => dispatchDueSubmissions(jobContext(runtime, "seo.dispatch-submissions")),
  },
];
