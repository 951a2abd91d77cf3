// Communication jobs: outbox delivery and the purge of expired notifications.
import type { Job } from "../../core/jobs.ts";
import { deliverPendingEmails } from "./delivery.ts";

export const jobs: Job[] = [
  {
    name: "communication.deliver_email",
    everySeconds: 30,
    // Loops while full batches come back, so a backlog drains in one run.
    async run(runtime) {
      const total = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
      for (let i = 0; i < 20; i++) {
        const r = await deliverPendingEmails(runtime, { limit: 50 });
        for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
        if (r.claimed < 50) break;
      }
      return total;
    },
  },
  {
    name: "communication.purge_expired_notifications",
    everySeconds: 3600,
    async run(runtime) {
      const { count } = await runtime.db.prisma.notification.deleteMany({ where: { expiresAt: { lte: runtime.services.clock() } } });
      return { deleted: count };
    },
  },
];
