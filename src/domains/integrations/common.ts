// Pieces the integrations and SEO services share: the context a service needs (a request's or a
// job's), quota pre-checks before an external call, the billing cycle of a usage row, and the
// vault helpers that keep secret values out of errors.
import type { DbClient } from "../../db/client.ts";
import type { Tx } from "../../core/tx.ts";
import { addCalendarMonths } from "../../core/calendar.ts";
import { SubscriptionStatus } from "../../generated/prisma/client.ts";
import type { ServiceCtx } from "../../core/context.ts";
import { LIVE_STATUSES } from "../../core/subscription-status.ts";
export type { ServiceCtx };
import { errors } from "../../core/errors.ts";
import { currentCycle, FREE_TIER_SLUG, quotaStates, type MeteredQuota, type QuotaState } from "../subscriptions/index.ts";

export { requireViewer } from "../../core/context.ts";

const LIVE: SubscriptionStatus[] = [...LIVE_STATUSES];

const TIER_CAP = {
  SYNC: "maxSyncsPerMonth",
  AI_ANALYSIS: "maxAiAnalysesPerMonth",
  SEO_SUBMISSION: "maxSeoSubmissionsPerMonth",
  SOCIAL_ACCOUNT: "maxSocialAccounts",
} as const;

/**
 * The quota as it stands, read-only: the live subscription's counters, or the free tier's caps for
 * a user who has no subscription yet (consumeQuota creates it on first use).
 */
export async function currentQuota(db: DbClient, userId: string, kind: MeteredQuota | "SOCIAL_ACCOUNT", now: Date): Promise<QuotaState> {
  const states = await quotaStates(db as Tx, userId);
  if (states) return states[kind];
  const free = await db.subscriptionTier.findUnique({ where: { slug: FREE_TIER_SLUG } });
  // consumeQuota starts the free-tier subscription on first use with a period of one calendar month
  const resetsAt = addCalendarMonths(now, 1);
  const used = kind === "SOCIAL_ACCOUNT" ? await db.socialAccount.count({ where: { userId, deletedAt: null } }) : 0;
  return { used, limit: free ? free[TIER_CAP[kind]] : 0, resetsAt };
}

/**
 * Fails fast with QUOTA_EXCEEDED before an external call (platform fetch, AI request) that the
 * quota would not pay for. consumeQuota, in the write transaction, stays the authority.
 */
export async function precheckQuota(ctx: ServiceCtx, userId: string, kind: MeteredQuota): Promise<void> {
  const q = await currentQuota(ctx.prisma, userId, kind, ctx.services.clock());
  if (q.used + 1 > q.limit) throw errors.quotaExceeded(kind, q.limit, q.resetsAt, q.used);
}

/** The user's live subscription (id and period), or null. */
export function liveSubscription(tx: Tx, userId: string) {
  return tx.subscription.findFirst({
    where: { userId, status: { in: LIVE } },
    orderBy: { createdAt: "desc" },
    select: { id: true, currentPeriodStart: true, currentPeriodEnd: true, lastRolloverPeriodEnd: true, billingPeriod: true, billingCycleAnchor: true, trialEnd: true },
  });
}

/** The live subscription's allowance cycle (a month, also inside a yearly period), for usage rows (ai_usage, seo_usage). */
export async function billingCycle(tx: Tx, userId: string): Promise<{ billingCycleStart: Date | null; billingCycleEnd: Date | null }> {
  const sub = await liveSubscription(tx, userId);
  const cycle = sub ? currentCycle(sub) : null;
  return { billingCycleStart: cycle?.start ?? null, billingCycleEnd: cycle?.end ?? null };
}


/** Reads a vault entry; a missing entry is a CONFLICT asking to reconnect (never echoes the value). */
export async function readSecret(ctx: ServiceCtx, name: string): Promise<string> {
  const value = await ctx.services.secrets.get(name);
  if (value === null) throw errors.conflict("CREDENTIAL_MISSING", "The stored credential for this connection is missing; connect again.");
  return value;
}

/** Writes a new vault entry, runs `fn`, and removes the entry again if `fn` fails. */
export async function withNewSecret<T>(ctx: ServiceCtx, name: string, value: string, fn: () => Promise<T>): Promise<T> {
  await ctx.services.secrets.put(name, value);
  try {
    return await fn();
  } catch (e) {
    await ctx.services.secrets.delete(name).catch(() => undefined);
    throw e;
  }
}

/** Best-effort removal of a vault entry that no row references any more. */
export async function dropSecret(ctx: ServiceCtx, name: string): Promise<void> {
  await ctx.services.secrets.delete(name).catch((e: Error) => ctx.log.warn({ err: e.message }, "could not delete a vault entry"));
}
