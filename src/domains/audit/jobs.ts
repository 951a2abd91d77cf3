// System jobs: the cache store's expired rows are deleted (reads already ignore them).
import type { Job } from "../../core/jobs.ts";
import { purgeExpiredCache } from "./service.ts";

export const jobs: Job[] = [
  {
    name: "system.purge_expired_cache",
    everySeconds: 600,
    async run(runtime) {
      return { deleted: await purgeExpiredCache(runtime.db.prisma, runtime.services.clock()) };
    },
  },
];
