// Creating a subscription row, shared by every path that starts one (the local provider, the
// Stripe API response and webhooks, RevenueCat): one live subscription per user — a free-tier
// subscription is replaced (ended as CANCELED, reason "replaced"), any other live one is a
// CONFLICT; the first cycle's credits are granted when it starts ACTIVE (not during a trial).
import type { Tx } from "../../core/tx.ts";
import type { BillingPeriod, Prisma, Subscription, SubscriptionProvider, SubscriptionStatus, SubscriptionTier } from "../../generated/prisma/client.ts";
import { errors } from "../../core/errors.ts";
import type { AuditActor } from "../../core/audit.ts";
import { grantCycleCredits, poolMark, unspentPoolCredits } from "./allowances.ts";
import { currentCycle } from "./cycle.ts";
import { LIVE_STATUSES, recordTransition } from "./lifecycle.ts";
import { FREE_TIER_SLUG } from "./quota.ts";
import { expireSubscription, lockSubscription } from "./rollover.ts";

export interface NewSubscription {
  userId: string;
  tier: SubscriptionTier;
  billingPeriod: BillingPeriod;
  provider: SubscriptionProvider;
  status: Extract<SubscriptionStatus, "TRIALING" | "ACTIVE" | "PAST_DUE">;
  period: { start: Date; end: Date };
  trialEnd?: Date | null;
  cancelAtPeriodEnd?: boolean;
  providerSubscriptionId?: string | null;
  providerCustomerId?: string | null;
  idempotencyKey?: string | null;
  entitlements?: Prisma.InputJsonValue;
  pastDueSince?: Date | null;
}

/** Ends a live free-tier subscription so a paid one can start; CONFLICT for any other live one. */
async function makeRoomFor(tx: Tx, actor: AuditActor, userId: string, now: Date): Promise<void> {
  const live = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM subscriptions WHERE user_id = ${userId}::uuid AND status::text = ANY(${[...LIVE_STATUSES]}::text[]) FOR UPDATE`;
  for (const { id } of live) {
    const sub = await lockSubscription(tx, id);
    if (!sub) continue;
    if (sub.tier.slug !== FREE_TIER_SLUG || sub.provider !== "LOCAL") {
      throw errors.conflict("ALREADY_SUBSCRIBED", "You already have a live subscription; change its tier or cancel it first.", {
        subscriptionStatus: sub.status,
      });
    }
    await expireSubscription(tx, actor, sub, now, "replaced", "CANCELED");
  }
}

export async function createSubscriptionRow(
  tx: Tx,
  actor: AuditActor,
  p: NewSubscription,
  now: Date,
  audit: { action: string; actorId?: string | null; data?: Prisma.InputJsonValue },
): Promise<Subscription> {
  await makeRoomFor(tx, actor, p.userId, now);
  const created = await tx.subscription.create({
    data: {
      userId: p.userId,
      tierId: p.tier.id,
      status: p.status,
      billingPeriod: p.billingPeriod,
      provider: p.provider,
      providerSubscriptionId: p.providerSubscriptionId ?? null,
      providerCustomerId: p.providerCustomerId ?? null,
      currentPeriodStart: p.period.start,
      currentPeriodEnd: p.period.end,
      billingCycleAnchor: p.period.start,
      trialEnd: p.trialEnd ?? null,
      cancelAtPeriodEnd: p.cancelAtPeriodEnd ?? false,
      pastDueSince: p.status === "PAST_DUE" ? p.pastDueSince ?? now : null,
      idempotencyKey: p.idempotencyKey ?? null,
      entitlements: p.entitlements ?? {},
    },
  });
  let granted = 0;
  let row = created;
  if (p.status === "ACTIVE") {
    granted = await grantCycleCredits(tx, created, p.tier, currentCycle(created));
    row = await tx.subscription.update({ where: { id: created.id }, data: await poolMark(tx, p.userId, granted) });
  }
  await recordTransition(tx, actor, {
    type: "created",
    before: row,
    after: row,
    occurredAt: now,
    action: audit.action,
    actorId: audit.actorId,
    data: { provider: p.provider, tier: p.tier.slug, creditsGranted: granted, ...(audit.data && typeof audit.data === "object" ? (audit.data as object) : {}) },
  });
  return row;
}

/** After a move to ACTIVE mid-cycle (payment recovered): the cycle's credits, once. */
export async function grantOnActivation(tx: Tx, sub: Subscription & { tier: SubscriptionTier }): Promise<number> {
  const unspent = await unspentPoolCredits(tx, sub);
  const granted = await grantCycleCredits(tx, sub, sub.tier, currentCycle(sub));
  if (granted > 0) await tx.subscription.update({ where: { id: sub.id }, data: await poolMark(tx, sub.userId, unspent + granted) });
  return granted;
}
