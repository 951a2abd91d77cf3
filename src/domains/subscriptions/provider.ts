// Provider state → our state. Stripe subscriptions (API responses and webhooks) and RevenueCat
// events are first turned into a ProviderSnapshot, then applied here with the same machine as
// everything else: create the row when it first turns live, roll the period when the provider
// renewed, then status, cancel-at-period-end and scheduled tier changes, each one transition
// with its history and audit row. Applying the same snapshot twice changes nothing the second time.
import type { Tx } from "../../core/tx.ts";
import type { BillingPeriod, Prisma, Subscription, SubscriptionProvider, SubscriptionStatus } from "../../generated/prisma/client.ts";
import type { AuditActor } from "../../core/audit.ts";
import { createSubscriptionRow, grantOnActivation } from "./activation.ts";
import { applyLifecycleEvent, isFinal, isLive, notifyPastDue, recordTransition, type LifecycleEvent } from "./lifecycle.ts";
import { expireSubscription, lockSubscription, rollSubscription } from "./rollover.ts";

export interface ProviderSnapshot {
  provider: Exclude<SubscriptionProvider, "LOCAL">;
  providerSubscriptionId: string;
  providerCustomerId?: string | null;
  /** needed to create the row; ignored afterwards */
  userId?: string | null;
  tierId?: string | null;
  billingPeriod?: BillingPeriod;
  idempotencyKey?: string | null;
  /** live status, "ENDED" when the provider says it is over, null when not live yet (Stripe incomplete) */
  status: Extract<SubscriptionStatus, "TRIALING" | "ACTIVE" | "PAST_DUE" | "PAUSED"> | "ENDED" | null;
  /** when it ended (ENDED): before the period end means cancelled early (CANCELED), else EXPIRED */
  endedAt?: Date | null;
  period?: { start: Date; end: Date } | null;
  /** true: this period follows the current one (renewal); default: start ≥ current period end */
  renewal?: boolean;
  trialEnd?: Date | null;
  cancelAtPeriodEnd?: boolean;
  canceledAt?: Date | null;
  cancellationReason?: string | null;
  /** when the payment problem started (PAST_DUE) */
  pastDueSince?: Date | null;
  entitlements?: Prisma.InputJsonValue;
  /** provider event name, kept in the history rows */
  source: string;
}

// Providers report times in seconds (Stripe) or milliseconds (RevenueCat): compare within a second.
const SLACK = 1000;
const later = (a: Date, b: Date) => a.getTime() - b.getTime() >= SLACK;
const same = (a: Date, b: Date) => Math.abs(a.getTime() - b.getTime()) < SLACK;

async function lockByProviderId(tx: Tx, providerSubscriptionId: string) {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM subscriptions WHERE provider_subscription_id = ${providerSubscriptionId} FOR UPDATE`;
  return row ? lockSubscription(tx, row.id) : null;
}

async function createFromSnapshot(tx: Tx, actor: AuditActor, snap: ProviderSnapshot, now: Date, createAction: string): Promise<Subscription | null> {
  if (!snap.userId || !snap.tierId || !snap.period || snap.status === null || snap.status === "ENDED" || snap.status === "PAUSED") return null;
  const tier = await tx.subscriptionTier.findUnique({ where: { id: snap.tierId } });
  const user = await tx.user.findUnique({ where: { id: snap.userId }, select: { id: true } });
  if (!tier || !user) return null;
  return createSubscriptionRow(
    tx,
    actor,
    {
      userId: snap.userId,
      tier,
      billingPeriod: snap.billingPeriod ?? "MONTHLY",
      provider: snap.provider,
      status: snap.status,
      period: snap.period,
      trialEnd: snap.trialEnd ?? null,
      cancelAtPeriodEnd: snap.cancelAtPeriodEnd ?? false,
      providerSubscriptionId: snap.providerSubscriptionId,
      providerCustomerId: snap.providerCustomerId ?? null,
      idempotencyKey: snap.idempotencyKey ?? null,
      entitlements: snap.entitlements,
      pastDueSince: snap.pastDueSince ?? null,
    },
    now,
    { action: createAction, data: { source: snap.source } },
  );
}

/** Applies a provider snapshot; returns the subscription row (null when there is none to show). */
export async function syncProviderSnapshot(
  tx: Tx,
  actor: AuditActor,
  snap: ProviderSnapshot,
  now: Date,
  createAction = "subscription.created",
): Promise<Subscription | null> {
  let sub = await lockByProviderId(tx, snap.providerSubscriptionId);
  if (sub && isFinal(sub.status)) {
    // A provider subscription that comes back after it ended (a lapsed store subscriber buying
    // again): the ended row keeps its history, a new row takes the provider id.
    const comesBack = snap.status !== null && snap.status !== "ENDED" && !!snap.period && later(snap.period.end, sub.currentPeriodEnd);
    if (!comesBack) return sub;
    await tx.subscription.update({ where: { id: sub.id }, data: { providerSubscriptionId: null } });
    sub = null;
  }
  if (!sub) return createFromSnapshot(tx, actor, snap, now, createAction);

  const id = sub.id;
  const source = { source: snap.source };
  // 1. The provider renewed: roll the period (allowances, pending tier, history).
  if (snap.period && snap.status !== "ENDED" && later(snap.period.end, sub.currentPeriodEnd) && (snap.renewal ?? !later(sub.currentPeriodEnd, snap.period.start))) {
    const status = snap.status && isLive(snap.status) ? snap.status : "ACTIVE";
    await rollSubscription(tx, actor, id, now, { period: snap.period, status: status as "ACTIVE" });
  }
  sub = (await lockSubscription(tx, id))!;
  if (isFinal(sub.status)) return sub;

  // 2. Period moved without a renewal (trial extended, store extension): follow it quietly.
  if (snap.period && snap.status !== "ENDED" && !(same(snap.period.end, sub.currentPeriodEnd) && same(snap.period.start, sub.currentPeriodStart)) && snap.period.end > snap.period.start) {
    const after = { status: sub.status, currentPeriodStart: snap.period.start, currentPeriodEnd: snap.period.end, trialEnd: snap.trialEnd ?? sub.trialEnd };
    await tx.subscription.update({ where: { id }, data: after });
    await recordTransition(tx, actor, { type: "period_synced", before: sub, after, occurredAt: now, data: source });
    sub = (await lockSubscription(tx, id))!;
  }

  // 3. The provider's tier differs: schedule it for the next period (never mid-period).
  if (snap.tierId && snap.tierId !== sub.tierId && snap.tierId !== sub.pendingTierId) {
    const after = { status: sub.status, pendingTierId: snap.tierId };
    await tx.subscription.update({ where: { id }, data: after });
    await recordTransition(tx, actor, { type: "tier_change_scheduled", before: sub, after, occurredAt: now, data: source });
    sub = (await lockSubscription(tx, id))!;
  }

  // 4. Status.
  const common = { now, data: source };
  if (snap.status === "ENDED") {
    const early = later(sub.currentPeriodEnd, snap.endedAt ?? now);
    await expireSubscription(tx, actor, sub, now, snap.cancellationReason ?? (early ? "canceled" : "expired"), early ? "CANCELED" : "EXPIRED");
    return tx.subscription.findUnique({ where: { id } });
  }
  if (snap.status && snap.status !== sub.status) {
    const event: LifecycleEvent | null =
      snap.status === "ACTIVE" ? "PAYMENT_SUCCEEDED" : snap.status === "PAST_DUE" ? "PAYMENT_FAILED" : snap.status === "PAUSED" ? "PAUSE" : null;
    if (event) {
      const type = event === "PAYMENT_SUCCEEDED" ? "activated" : event === "PAYMENT_FAILED" ? "past_due" : "paused";
      const patch = event === "PAYMENT_FAILED" ? { pastDueSince: sub.pastDueSince ?? snap.pastDueSince ?? now } : event === "PAYMENT_SUCCEEDED" ? { pastDueSince: null } : {};
      const row = await applyLifecycleEvent(tx, actor, sub, event, { ...common, type, patch });
      if (row && event === "PAYMENT_SUCCEEDED") await grantOnActivation(tx, { ...row, tier: sub.tier });
      if (row && event === "PAYMENT_FAILED") await notifyPastDue(tx, row);
    } else if (snap.status === "TRIALING" && sub.status === "ACTIVE") {
      // not a move the machine allows (a trial restarted by the provider): history only
      await recordTransition(tx, actor, { type: "provider_status_ignored", before: sub, after: sub, occurredAt: now, data: { ...source, providerStatus: snap.status } });
    }
    sub = (await lockSubscription(tx, id))!;
  }

  // 5. Cancel at period end switched on or off.
  if (snap.cancelAtPeriodEnd !== undefined && snap.cancelAtPeriodEnd !== sub.cancelAtPeriodEnd) {
    const on = snap.cancelAtPeriodEnd;
    await applyLifecycleEvent(tx, actor, sub, on ? "CANCEL_AT_PERIOD_END" : "RESUME", {
      ...common,
      type: on ? "cancel_scheduled" : "resumed",
      patch: on ? { canceledAt: snap.canceledAt ?? now, cancellationReason: snap.cancellationReason ?? null } : { canceledAt: null, cancellationReason: null },
    });
  }

  if (snap.entitlements !== undefined || snap.providerCustomerId) {
    await tx.subscription.update({
      where: { id },
      data: { ...(snap.entitlements !== undefined ? { entitlements: snap.entitlements } : {}), ...(snap.providerCustomerId ? { providerCustomerId: snap.providerCustomerId } : {}) },
    });
  }
  return tx.subscription.findUnique({ where: { id } });
}
