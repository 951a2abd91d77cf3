// What a cycle boundary does to a subscriber's allowances.
//  - Credits: the tier's monthly credits are granted once per cycle (EARNED_SUBSCRIPTION with an
//    idempotency key naming the cycle) while the subscription is ACTIVE. At the boundary the
//    subscription credits still unspent (the pool, minus what was spent since it was set, never
//    more than the balance: subscription credits are spent before purchased ones) roll over up to
//    the tier's maxCreditRollover when creditRollover is on; the rest expires as one EXPIRED row.
//  - Quotas: the metered counters go back to 0, one RESET row in quota_usage_history each.
// Everything runs in the caller's transaction, on a subscription row it has locked.
import type { Tx } from "../../core/tx.ts";
import type { QuotaKind, Subscription, SubscriptionTier } from "../../generated/prisma/client.ts";
import { applyCreditChange } from "../commerce/index.ts";
import type { Cycle } from "./cycle.ts";
import { COUNTERS, METERED_QUOTAS } from "./quota.ts";

type CreditRule = Pick<SubscriptionTier, "name" | "creditRollover" | "maxCreditRollover">;
type PoolFields = Pick<Subscription, "id" | "userId" | "creditPool" | "creditPoolSince">;

/** Subscription credits of the pool not spent yet (bounded by the balance). */
export async function unspentPoolCredits(tx: Tx, sub: PoolFields): Promise<number> {
  if (sub.creditPool <= 0) return 0;
  const [row] = await tx.$queryRaw<{ balance: number; spent: number }[]>`
    SELECT COALESCE((SELECT current_balance FROM credit_balances WHERE user_id = ${sub.userId}::uuid), 0)::int AS balance,
           COALESCE((SELECT SUM(-amount) FROM credit_transactions
                      WHERE user_id = ${sub.userId}::uuid AND type IN ('SPENT_OFFERING', 'REFUND_OFFERING')
                        AND (${sub.creditPoolSince}::timestamptz IS NULL OR created_at > ${sub.creditPoolSince}::timestamptz)), 0)::int AS spent`;
  return Math.max(0, Math.min(sub.creditPool - Math.max(row.spent, 0), row.balance));
}

/** Closes the credit cycle ending at `boundary` under the ending tier's rule. */
export async function closeCreditCycle(tx: Tx, sub: PoolFields, rule: CreditRule, boundary: Date): Promise<{ carried: number; expired: number }> {
  const unspent = await unspentPoolCredits(tx, sub);
  const carried = rule.creditRollover ? Math.min(unspent, rule.maxCreditRollover ?? unspent) : 0;
  const expired = unspent - carried;
  if (expired > 0) {
    await applyCreditChange(tx, {
      userId: sub.userId,
      type: "EXPIRED",
      amount: -expired,
      subscriptionId: sub.id,
      description: `${rule.name}: unused subscription credits expired at the end of the cycle`,
      idempotencyKey: `subscription:${sub.id}:expire:${boundary.toISOString()}`,
    });
  }
  return { carried, expired };
}

/** Grants the monthly credits of the cycle (once per cycle); returns how many were granted now. */
export async function grantCycleCredits(
  tx: Tx,
  sub: Pick<Subscription, "id" | "userId">,
  tier: Pick<SubscriptionTier, "name" | "monthlyCredits" | "creditRollover">,
  cycle: Cycle,
): Promise<number> {
  if (tier.monthlyCredits <= 0) return 0;
  const r = await applyCreditChange(tx, {
    userId: sub.userId,
    type: "EARNED_SUBSCRIPTION",
    amount: tier.monthlyCredits,
    subscriptionId: sub.id,
    description: `${tier.name}: monthly credits`,
    expiresAt: tier.creditRollover ? null : cycle.end,
    idempotencyKey: `subscription:${sub.id}:grant:${cycle.start.toISOString()}`,
  });
  return r.replayed ? 0 : tier.monthlyCredits;
}

/** The pool fields after setting it to `amount` now (the mark is the user's latest ledger row). */
export async function poolMark(tx: Tx, userId: string, amount: number): Promise<Pick<Subscription, "creditPool" | "creditPoolSince">> {
  const [row] = await tx.$queryRaw<{ since: Date | null }[]>`
    SELECT max(created_at) AS since FROM credit_transactions WHERE user_id = ${userId}::uuid`;
  return { creditPool: amount, creditPoolSince: row.since };
}

type Counters = Pick<Subscription, "id" | "userId" | "syncsUsed" | "aiAnalysesUsed" | "seoSubmissionsUsed">;
type Caps = Pick<SubscriptionTier, "maxSyncsPerMonth" | "maxAiAnalysesPerMonth" | "maxSeoSubmissionsPerMonth">;

/** RESET rows for every non-zero counter; returns the counter fields to write (all 0). */
export async function resetQuotaCounters(tx: Tx, sub: Counters, caps: Caps, next: Cycle, reason: string) {
  const capOf: Record<keyof typeof COUNTERS, number> = {
    SYNC: caps.maxSyncsPerMonth,
    AI_ANALYSIS: caps.maxAiAnalysesPerMonth,
    SEO_SUBMISSION: caps.maxSeoSubmissionsPerMonth,
  };
  const rows = METERED_QUOTAS.filter((k) => sub[COUNTERS[k].field] > 0).map((k) => ({
    userId: sub.userId,
    subscriptionId: sub.id,
    quotaKind: k as QuotaKind,
    operation: "RESET" as const,
    amount: sub[COUNTERS[k].field],
    currentValue: 0,
    maxValue: capOf[k],
    reason,
    billingCycleStart: next.start,
    billingCycleEnd: next.end,
  }));
  if (rows.length) await tx.quotaUsageHistory.createMany({ data: rows });
  return { syncsUsed: 0, aiAnalysesUsed: 0, seoSubmissionsUsed: 0 };
}
