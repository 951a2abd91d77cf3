// Commerce background jobs (idempotent, see src/app/jobs-runner.ts).
//  - commerce.expire-credits: expires what is left of credit grants past their expiresAt.
//  - commerce.provider-refunds: sends refunds we owe a remote provider (admin refunds, cancelled
//    bookings, payments that arrived for something no longer deliverable) until it accepts them.
//  - commerce.expire-pending-payments: a payment still PENDING after PAYMENT_PENDING_TTL_MINUTES
//    fails (releasing a held booking seat); a later provider success still completes it.
import { transaction } from "../../core/tx.ts";
import type { Job } from "../../core/jobs.ts";
import type { AuditActor } from "../../core/audit.ts";
import { expireDueCredits } from "./ledger.ts";
import { failPayment, requestProviderRefund } from "./payments.ts";
import { runPayouts } from "./payouts.ts";

export const jobs: Job[] = [
  {
    name: "commerce.expire-credits",
    everySeconds: 3600,
    run: (rt) => expireDueCredits(rt),
  },
  {
    name: "commerce.provider-refunds",
    everySeconds: 300,
    async run(rt) {
      const owed = await rt.db.prisma.payment.findMany({
        where: { status: "REFUNDED", metadata: { path: ["providerRefund"], equals: "PENDING" } },
        select: { id: true },
        take: 100,
      });
      const outcomes = { sent: 0, failed: 0 };
      for (const p of owed) {
        const r = await requestProviderRefund({ prisma: rt.db.prisma, services: rt.services, log: rt.log }, p.id);
        if (r === "sent") outcomes.sent++;
        else if (r === "failed") outcomes.failed++;
      }
      return outcomes;
    },
  },
  {
    name: "commerce.expire-pending-payments",
    everySeconds: 600,
    async run(rt) {
      const now = rt.services.clock();
      const cutoff = new Date(now.getTime() - rt.config.PAYMENT_PENDING_TTL_MINUTES * 60_000);
      const stale = await rt.db.prisma.payment.findMany({ where: { status: "PENDING", createdAt: { lt: cutoff } }, select: { id: true }, take: 500 });
      const actor: AuditActor = { viewer: null, ip: null, userAgent: "job:commerce.expire-pending-payments", requestId: `job:${now.toISOString()}` };
      let failed = 0;
      for (const p of stale) {
        const r = await transaction(rt.db.prisma, (tx) => failPayment(tx, { actor, now }, p.id, "EXPIRED: not confirmed in time"));
        if (r.changed) failed++;
      }
      return { failed };
    },
  },
];

jobs.push({
  // Batches creators' earnings past PAYOUT_HOLD_DAYS into payouts (one per creator and currency),
  // sends the transfers and the reversals refunds made owed. Idempotent: provider calls carry
  // idempotency keys from our row ids, and rows only move forward.
  name: "commerce.creator-payouts",
  everySeconds: 3600,
  run: (rt) => runPayouts(rt),
});
