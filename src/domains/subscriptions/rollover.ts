// Period roll-over: the one engine that moves a subscription across its boundaries, used by the
// job (`npm run jobs`, the in-process scheduler) and by the provider webhooks.
//  - a monthly boundary inside a yearly period: allowances only (credits, quota counters);
//  - the period end: LOCAL subscriptions renew by themselves (onto the pending tier if any) or
//    expire (cancelled at period end, past due, tier retired with nothing to renew onto);
//    STRIPE / REVENUECAT ones expire here only when cancelled at period end — otherwise the
//    provider's renewal (a webhook carrying the new period) moves them on.
// Each boundary is processed once: the subscription row is locked (FOR UPDATE) and
// lastRolloverPeriodEnd records the boundary, so running the job twice changes nothing more.
import { transaction, type Tx } from "../../core/tx.ts";
import type { Subscription, SubscriptionStatus, SubscriptionTier } from "../../generated/prisma/client.ts";
import type { Job } from "../../core/jobs.ts";
import type { JobRuntime } from "../../core/jobs.ts";
import type { AuditActor } from "../../core/audit.ts";
import { closeCreditCycle, grantCycleCredits, poolMark, resetQuotaCounters } from "./allowances.ts";
import { anchorFor, currentCycle, periodEndAfter, type Cycle } from "./cycle.ts";
import { applyLifecycleEvent, isLive, LIVE_STATUSES, notifyPastDue, recordTransition, systemActor, transition } from "./lifecycle.ts";

export type LockedSubscription = Subscription & { tier: SubscriptionTier; pendingTier: SubscriptionTier | null };

/** Locks the row for the rest of the transaction and loads it with its tiers. */
export async function lockSubscription(tx: Tx, id: string): Promise<LockedSubscription | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM subscriptions WHERE id = ${id}::uuid FOR UPDATE`;
  if (!rows.length) return null;
  return tx.subscription.findUnique({ where: { id }, include: { tier: true, pendingTier: true } });
}

/** The tier a renewal continues on: the pending tier if still active, else the current one if active. */
export function renewalTier(sub: LockedSubscription): SubscriptionTier | null {
  if (sub.pendingTier?.isActive) return sub.pendingTier;
  return sub.tier.isActive ? sub.tier : null;
}

export interface ProviderRenewal {
  period: { start: Date; end: Date };
  status: SubscriptionStatus;
}

/** Grants the cycle's credits when ACTIVE and returns the pool fields to write. */
async function refillPool(tx: Tx, sub: LockedSubscription, tier: SubscriptionTier, status: SubscriptionStatus, cycle: Cycle, carried: number) {
  const granted = status === "ACTIVE" ? await grantCycleCredits(tx, sub, tier, cycle) : 0;
  return { granted, pool: await poolMark(tx, sub.userId, carried + granted) };
}

async function rollCycle(tx: Tx, actor: AuditActor, sub: LockedSubscription, cycle: Cycle, now: Date) {
  const { carried, expired } = await closeCreditCycle(tx, sub, sub.tier, cycle.end);
  const next = currentCycle({ ...sub, lastRolloverPeriodEnd: cycle.end });
  const counters = await resetQuotaCounters(tx, sub, sub.tier, next, "monthly reset");
  const { granted, pool } = await refillPool(tx, sub, sub.tier, sub.status, next, carried);
  await tx.subscription.update({ where: { id: sub.id }, data: { ...counters, ...pool, lastRolloverPeriodEnd: cycle.end } });
  await recordTransition(tx, actor, {
    type: "cycle_reset",
    before: sub,
    after: { status: sub.status },
    occurredAt: now,
    data: { boundary: cycle.end.toISOString(), creditsGranted: granted, creditsCarried: carried, creditsExpired: expired },
  });
}

export async function renewSubscription(tx: Tx, actor: AuditActor, sub: LockedSubscription, to: ProviderRenewal, now: Date) {
  const boundary = sub.currentPeriodEnd;
  const tier = renewalTier(sub) ?? sub.tier; // a provider may renew a retired tier: its subscribers keep it
  const { carried, expired } = await closeCreditCycle(tx, sub, sub.tier, boundary);
  const billingCycleAnchor = anchorFor(to.period.start, sub.billingCycleAnchor ?? sub.currentPeriodStart);
  const trialEnd = to.status === "TRIALING" ? sub.trialEnd : null; // a provider may extend a trial
  const next = currentCycle({
    currentPeriodStart: to.period.start,
    currentPeriodEnd: to.period.end,
    lastRolloverPeriodEnd: null,
    billingPeriod: sub.billingPeriod,
    billingCycleAnchor,
    trialEnd: trialEnd && trialEnd.getTime() === to.period.end.getTime() ? trialEnd : null,
  });
  const counters = await resetQuotaCounters(tx, sub, tier, next, "period renewed");
  const { granted, pool } = await refillPool(tx, sub, tier, to.status, next, carried);
  const after = {
    status: to.status,
    tierId: tier.id,
    pendingTierId: null,
    currentPeriodStart: to.period.start,
    currentPeriodEnd: to.period.end,
    billingCycleAnchor,
    cancelAtPeriodEnd: false,
    pastDueSince: to.status === "PAST_DUE" ? sub.pastDueSince ?? now : null,
    lastRolloverPeriodEnd: boundary,
  };
  await tx.subscription.update({ where: { id: sub.id }, data: { ...after, ...counters, ...pool } });
  if (to.status === "PAST_DUE" && sub.status !== "PAST_DUE") await notifyPastDue(tx, sub);
  await recordTransition(tx, actor, {
    type: "renewed",
    before: sub,
    after,
    occurredAt: now,
    data: {
      tierChanged: tier.id !== sub.tierId ? { from: sub.tierId, to: tier.id } : null,
      creditsGranted: granted,
      creditsCarried: carried,
      creditsExpired: expired,
    },
  });
}

export async function expireSubscription(tx: Tx, actor: AuditActor, sub: LockedSubscription, now: Date, reason: string, status: "EXPIRED" | "CANCELED" = "EXPIRED") {
  const boundary = status === "EXPIRED" && sub.currentPeriodEnd <= now ? sub.currentPeriodEnd : now;
  const { expired } = await closeCreditCycle(tx, sub, sub.tier, boundary);
  const after = {
    status,
    pendingTierId: null,
    canceledAt: sub.canceledAt ?? (status === "CANCELED" ? now : null),
    cancellationReason: sub.cancellationReason ?? reason,
    lastRolloverPeriodEnd: boundary,
  };
  await tx.subscription.update({ where: { id: sub.id }, data: { ...after, creditPool: 0 } });
  await recordTransition(tx, actor, {
    type: status === "EXPIRED" ? "expired" : "canceled",
    before: sub,
    after,
    occurredAt: now,
    data: { reason, creditsExpired: expired },
  });
}

/**
 * Rolls one subscription over every boundary that is due at `now` (or that the provider's
 * renewal passes). Returns what happened, in order ("cycle_reset", "renewed", "expired").
 */
export async function rollSubscription(tx: Tx, actor: AuditActor, id: string, now: Date, renewal?: ProviderRenewal): Promise<string[]> {
  const done: string[] = [];
  for (let guard = 0; guard < 40; guard++) {
    const sub = await lockSubscription(tx, id);
    if (!sub || !isLive(sub.status)) break;
    const cycle = currentCycle(sub);
    if (!cycle.endsPeriod) {
      if (cycle.end > now && !(renewal && renewal.period.start >= cycle.end)) break;
      await rollCycle(tx, actor, sub, cycle, now);
      done.push("cycle_reset");
      continue;
    }
    if (renewal && renewal.period.end > sub.currentPeriodEnd) {
      await renewSubscription(tx, actor, sub, renewal, now);
      done.push("renewed");
      break;
    }
    if (cycle.end > now) break;
    if (sub.provider !== "LOCAL") {
      if (!sub.cancelAtPeriodEnd) break; // the provider renews (or ends) it
      await expireSubscription(tx, actor, sub, now, "canceled at period end");
      done.push("expired");
      break;
    }
    const tier = renewalTier(sub);
    const next = transition(sub, "PERIOD_END", { renewable: tier !== null });
    if (!next) break;
    if (next.status === "EXPIRED") {
      const reason = sub.cancelAtPeriodEnd ? "canceled at period end" : sub.status === "PAST_DUE" ? "past due at period end" : "tier retired";
      await expireSubscription(tx, actor, sub, now, reason);
      done.push("expired");
      break;
    }
    const start = sub.currentPeriodEnd;
    const end = periodEndAfter(start, sub.billingPeriod, anchorFor(start, sub.billingCycleAnchor ?? sub.currentPeriodStart));
    await renewSubscription(tx, actor, sub, { period: { start, end }, status: next.status }, now);
    done.push("renewed");
  }
  return done;
}

const PAGE = 200;

/** One pass over every live subscription with a boundary due. */
export async function runRollover(rt: JobRuntime, now: Date = rt.services.clock()) {
  const prisma = rt.db.prisma;
  const actor = systemActor("job:subscriptions.rollover", `job-rollover-${now.toISOString()}`);
  const monthAgo = new Date(now.getTime() - 28 * 86_400_000);
  const summary = { checked: 0, renewed: 0, expired: 0, cycleResets: 0, failed: 0 };
  let cursor: string | undefined;
  for (;;) {
    const page = await prisma.subscription.findMany({
      where: {
        status: { in: [...LIVE_STATUSES] },
        OR: [
          { currentPeriodEnd: { lte: now }, OR: [{ provider: "LOCAL" }, { cancelAtPeriodEnd: true }] },
          {
            billingPeriod: "YEARLY", // the periods with monthly boundaries inside (cycle.ts)
            OR: [{ lastRolloverPeriodEnd: { lte: monthAgo } }, { lastRolloverPeriodEnd: null, currentPeriodStart: { lte: monthAgo } }],
          },
        ],
      },
      select: { id: true },
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const { id } of page) {
      summary.checked++;
      try {
        const done = await transaction(prisma, (tx) => rollSubscription(tx, actor, id, now));
        summary.renewed += done.filter((d) => d === "renewed").length;
        summary.expired += done.filter((d) => d === "expired").length;
        summary.cycleResets += done.filter((d) => d === "cycle_reset").length;
      } catch (e) {
        summary.failed++;
        rt.log.error({ subscriptionId: id, err: (e as Error).message }, "subscription roll-over failed");
      }
    }
    if (page.length < PAGE) break;
    cursor = page[page.length - 1].id;
  }
  return summary;
}

export const rolloverJob: Job = {
  name: "subscriptions.rollover",
  everySeconds: 60,
  run: async (rt) => {
    const now = rt.services.clock();
    return { ...(await runRollover(rt, now)), ...(await retireStripeSubscriptions(rt, now)) };
  },
};

/**
 * A retired tier keeps its subscribers until their period ends. Local subscriptions expire at the
 * boundary by themselves (rollSubscription); Stripe ones would be charged again, so this pass
 * asks Stripe to cancel them at period end (and records it). Store (RevenueCat) subscriptions
 * cannot be cancelled from here: they keep renewing until the subscriber cancels in the store.
 */
export async function retireStripeSubscriptions(rt: JobRuntime, now: Date = rt.services.clock()) {
  const billing = rt.services.stripeBilling;
  if (!billing) return { retired: 0, failed: 0 };
  const due = await rt.db.prisma.subscription.findMany({
    where: {
      provider: "STRIPE",
      status: { in: [...LIVE_STATUSES] },
      cancelAtPeriodEnd: false,
      providerSubscriptionId: { not: null },
      tier: { isActive: false },
      OR: [{ pendingTierId: null }, { pendingTier: { isActive: false } }],
    },
    select: { id: true, providerSubscriptionId: true },
    take: 500,
  });
  const actor = systemActor("job:subscriptions.rollover", `job-retire-${now.toISOString()}`);
  let retired = 0;
  let failed = 0;
  for (const s of due) {
    try {
      await billing.setCancelAtPeriodEnd(s.providerSubscriptionId!, true);
      await transaction(rt.db.prisma, async (tx) => {
        const sub = await lockSubscription(tx, s.id);
        if (!sub || sub.cancelAtPeriodEnd || !isLive(sub.status)) return;
        await applyLifecycleEvent(tx, actor, sub, "CANCEL_AT_PERIOD_END", {
          type: "cancel_scheduled",
          now,
          patch: { canceledAt: now, cancellationReason: "tier retired" },
          data: { reason: "tier retired" },
        });
      });
      retired++;
    } catch (e) {
      failed++;
      rt.log.error({ subscriptionId: s.id, err: (e as Error).message }, "retiring a Stripe subscription failed");
    }
  }
  return { retired, failed };
}
