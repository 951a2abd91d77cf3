// Quotas: the plan caps monthly syncs, AI analyses and SEO submissions (and the number of social
// accounts). consumeQuota runs inside the caller's transaction: it locks the viewer's live
// subscription row (SELECT … FOR UPDATE), checks used + amount ≤ cap, increments, and writes
// quota_usage_history — so concurrent consumers can never exceed the cap.
// A user without a paid subscription is on the tier with slug "free" (created lazily as a LOCAL
// subscription the first time a quota is consumed, so counters and periods work the same way).
// Counters belong to the current allowance cycle (cycle.ts: monthly, also inside a yearly period);
// the roll-over job resets them at the cycle's end, which is the `resetsAt` reported here.
import type { Tx } from "../../core/tx.ts";
import type { BillingPeriod, QuotaKind, SubscriptionTier } from "../../generated/prisma/client.ts";
import { errors } from "../../core/errors.ts";
import { currentCycle, periodEndAfter, type CycleFields } from "./cycle.ts";
import { recordTransition, systemActor } from "./lifecycle.ts";
import { LIVE_STATUSES } from "../../core/subscription-status.ts";
import { notify } from "../../core/outbox.ts";

export const FREE_TIER_SLUG = "free";
const LIVE = LIVE_STATUSES;

export const COUNTERS = {
  SYNC: { used: "syncs_used", cap: "max_syncs_per_month", field: "syncsUsed" },
  AI_ANALYSIS: { used: "ai_analyses_used", cap: "max_ai_analyses_per_month", field: "aiAnalysesUsed" },
  SEO_SUBMISSION: { used: "seo_submissions_used", cap: "max_seo_submissions_per_month", field: "seoSubmissionsUsed" },
} as const;

export type MeteredQuota = keyof typeof COUNTERS;
export const METERED_QUOTAS = Object.keys(COUNTERS) as MeteredQuota[];

export interface QuotaUse {
  userId: string;
  kind: MeteredQuota;
  amount?: number;
  relatedEntityType?: string | null;
  relatedEntityId?: string | null;
  reason?: string | null;
  now: Date;
}

export interface QuotaState {
  used: number;
  limit: number;
  resetsAt: Date;
}

interface LockedSubscription {
  id: string;
  used: number;
  cap: number;
  period_start: Date;
  period_end: Date;
  last_rollover: Date | null;
  billing_period: BillingPeriod;
  anchor: Date | null;
  trial_end: Date | null;
}

const cycleOfRow = (s: LockedSubscription) =>
  currentCycle({
    currentPeriodStart: s.period_start,
    currentPeriodEnd: s.period_end,
    lastRolloverPeriodEnd: s.last_rollover,
    billingPeriod: s.billing_period,
    billingCycleAnchor: s.anchor,
    trialEnd: s.trial_end,
  });

async function lockSubscription(tx: Tx, userId: string, kind: MeteredQuota): Promise<LockedSubscription | null> {
  const c = COUNTERS[kind];
  // Column names come from the constant map above, never from input.
  const rows = await tx.$queryRawUnsafe<LockedSubscription[]>(
    `SELECT s.id, s.${c.used} AS used, t.${c.cap} AS cap, s.current_period_start AS period_start, s.current_period_end AS period_end,
            s.last_rollover_period_end AS last_rollover, s.billing_period::text AS billing_period,
            s.billing_cycle_anchor AS anchor, s.trial_end
       FROM subscriptions s JOIN subscription_tiers t ON t.id = s.tier_id
      WHERE s.user_id = $1::uuid AND s.status::text = ANY($2::text[])
      ORDER BY s.created_at DESC LIMIT 1
      FOR UPDATE OF s`,
    userId,
    LIVE as unknown as string[],
  );
  return rows[0] ?? null;
}

/** Creates the free-tier subscription for a user who has none (idempotent per user), with its history and audit row. */
export async function ensureFreeSubscription(tx: Tx, userId: string, now: Date): Promise<void> {
  const free = await tx.subscriptionTier.findUnique({ where: { slug: FREE_TIER_SLUG }, select: { id: true } });
  if (!free) throw errors.quotaExceeded("plan", 0, null);
  const end = periodEndAfter(now, "MONTHLY");
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO subscriptions (id, user_id, tier_id, status, billing_period, provider, current_period_start, current_period_end, billing_cycle_anchor, created_at, updated_at)
    SELECT gen_random_uuid(), ${userId}::uuid, ${free.id}::uuid, 'ACTIVE', 'MONTHLY', 'LOCAL', ${now}, ${end}, ${now}, now(), now()
    WHERE NOT EXISTS (SELECT 1 FROM subscriptions WHERE user_id = ${userId}::uuid AND status::text IN ('TRIALING','ACTIVE','PAST_DUE'))
    ON CONFLICT DO NOTHING
    RETURNING id`;
  if (!inserted.length) return;
  const row = { id: inserted[0].id, status: "ACTIVE" as const, tierId: free.id, currentPeriodStart: now, currentPeriodEnd: end };
  await recordTransition(tx, systemActor("quota:free-tier", `free-tier-${userId}`), {
    type: "created",
    before: row,
    after: row,
    occurredAt: now,
    actorId: userId,
    data: { provider: "LOCAL", tier: FREE_TIER_SLUG, reason: "first quota use" },
  });
}

export async function consumeQuota(tx: Tx, use: QuotaUse): Promise<QuotaState> {
  const amount = use.amount ?? 1;
  if (!Number.isInteger(amount) || amount <= 0) throw errors.badInput("amount", "must be a positive whole number");
  let sub = await lockSubscription(tx, use.userId, use.kind);
  if (!sub) {
    await ensureFreeSubscription(tx, use.userId, use.now);
    sub = await lockSubscription(tx, use.userId, use.kind);
    if (!sub) throw errors.quotaExceeded(use.kind, 0, null);
  }
  const cycle = cycleOfRow(sub);
  if (sub.used + amount > sub.cap) throw errors.quotaExceeded(use.kind, sub.cap, cycle.end, sub.used);
  const c = COUNTERS[use.kind];
  const after = sub.used + amount;
  await tx.subscription.update({ where: { id: sub.id }, data: { [c.field]: after } });
  await tx.quotaUsageHistory.create({
    data: {
      userId: use.userId,
      subscriptionId: sub.id,
      quotaKind: use.kind as QuotaKind,
      operation: "INCREMENT",
      amount,
      currentValue: after,
      maxValue: sub.cap,
      relatedEntityType: use.relatedEntityType ?? null,
      relatedEntityId: use.relatedEntityId ?? null,
      reason: use.reason ?? null,
      billingCycleStart: cycle.start,
      billingCycleEnd: cycle.end,
    },
  });
  await warnAtThreshold(tx, use.userId, use.kind, sub.id, sub.used, after, sub.cap, cycle);
  return { used: after, limit: sub.cap, resetsAt: cycle.end };
}

/** Share of a cap at which the owner is warned (once per cycle). */
export const QUOTA_WARNING_SHARE = 0.8;
const QUOTA_LABEL: Record<MeteredQuota, string> = { SYNC: "syncs", AI_ANALYSIS: "AI analyses", SEO_SUBMISSION: "SEO submissions" };

/**
 * QUOTA_WARNING when this use crosses 80 % of the cap. Counters only grow inside a cycle (the
 * roll-over resets them), and the row is locked, so the crossing happens once per cycle and kind.
 */
async function warnAtThreshold(tx: Tx, userId: string, kind: MeteredQuota, subscriptionId: string, before: number, after: number, cap: number, cycle: { start: Date; end: Date }) {
  if (cap <= 0) return;
  const threshold = Math.ceil(cap * QUOTA_WARNING_SHARE);
  if (!(before < threshold && after >= threshold)) return;
  await notify(tx, {
    userId,
    type: "QUOTA_WARNING",
    title: `You have used ${after} of ${cap} ${QUOTA_LABEL[kind]} this cycle`,
    message: `Your plan's ${QUOTA_LABEL[kind]} reset on ${cycle.end.toISOString().slice(0, 10)}.`,
    relatedEntityType: "Subscription",
    relatedEntityId: subscriptionId,
    metadata: { kind, used: after, limit: cap, cycleStart: cycle.start.toISOString(), resetsAt: cycle.end.toISOString() },
    expiresAt: cycle.end,
  });
}

type QuotaCaps = Pick<SubscriptionTier, "maxSocialAccounts" | "maxSyncsPerMonth" | "maxAiAnalysesPerMonth" | "maxSeoSubmissionsPerMonth">;
type QuotaCounters = CycleFields & { syncsUsed: number; aiAnalysesUsed: number; seoSubmissionsUsed: number };

/** Every quota of a subscription row and its tier (socialAccounts = live connected accounts). */
export function quotaStatesOf(sub: QuotaCounters, tier: QuotaCaps, socialAccounts: number): Record<MeteredQuota | "SOCIAL_ACCOUNT", QuotaState> {
  const r = currentCycle(sub).end;
  return {
    SYNC: { used: sub.syncsUsed, limit: tier.maxSyncsPerMonth, resetsAt: r },
    AI_ANALYSIS: { used: sub.aiAnalysesUsed, limit: tier.maxAiAnalysesPerMonth, resetsAt: r },
    SEO_SUBMISSION: { used: sub.seoSubmissionsUsed, limit: tier.maxSeoSubmissionsPerMonth, resetsAt: r },
    SOCIAL_ACCOUNT: { used: socialAccounts, limit: tier.maxSocialAccounts, resetsAt: r },
  };
}

/** Read-only view of every quota for `viewer.subscription`. */
export async function quotaStates(tx: Tx, userId: string): Promise<Record<MeteredQuota | "SOCIAL_ACCOUNT", QuotaState> | null> {
  const sub = await tx.subscription.findFirst({
    where: { userId, status: { in: [...LIVE] } },
    orderBy: { createdAt: "desc" },
    include: { tier: true },
  });
  if (!sub) return null;
  const socialAccounts = await tx.socialAccount.count({ where: { userId, deletedAt: null } });
  return quotaStatesOf(sub, sub.tier, socialAccounts);
}
