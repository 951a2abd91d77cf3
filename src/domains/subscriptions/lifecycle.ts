// The subscription state machine: one table of (state, event) → state that every path uses —
// the GraphQL mutations, the roll-over job, the Stripe and RevenueCat webhooks. CANCELED and
// EXPIRED are final (a later event for them is ignored; the user subscribes anew). Every
// transition writes one subscription_events history row and one audit row (recordTransition).
import type { Tx } from "../../core/tx.ts";
import type { Prisma, Subscription, SubscriptionStatus } from "../../generated/prisma/client.ts";
import { recordAudit, type AuditActor } from "../../core/audit.ts";
import { notify } from "../../core/outbox.ts";
import { isLive, LIVE_STATUSES } from "../../core/subscription-status.ts";

export type LifecycleEvent =
  /** current_period_end reached: renew, or expire when cancelled / past due / not renewable */
  | "PERIOD_END"
  | "PAYMENT_SUCCEEDED"
  | "PAYMENT_FAILED"
  | "CANCEL_AT_PERIOD_END"
  | "RESUME"
  | "CANCEL_NOW"
  /** the provider ended it before its period end (Stripe deleted after an immediate cancel) */
  | "ENDED_EARLY"
  /** the provider ended it at/after its period end (Stripe deleted, RevenueCat EXPIRATION) */
  | "ENDED"
  | "PAUSE";

export interface LifeState {
  status: SubscriptionStatus;
  cancelAtPeriodEnd: boolean;
}

export { isLive, LIVE_STATUSES };
export const isFinal = (s: SubscriptionStatus) => s === "CANCELED" || s === "EXPIRED";

/**
 * The next state, or null when the event does not apply to this state (a final state, or e.g.
 * PERIOD_END on a paused subscription). `renewable: false` (tier retired, nothing to renew onto)
 * turns a renewal into an expiry.
 */
export function transition(state: LifeState, event: LifecycleEvent, opts: { renewable?: boolean } = {}): LifeState | null {
  const { status, cancelAtPeriodEnd } = state;
  if (isFinal(status)) return null;
  if (status === "PAUSED") {
    switch (event) {
      case "PAYMENT_SUCCEEDED":
        return { status: "ACTIVE", cancelAtPeriodEnd };
      case "CANCEL_NOW":
      case "ENDED_EARLY":
        return { status: "CANCELED", cancelAtPeriodEnd };
      case "ENDED":
        return { status: "EXPIRED", cancelAtPeriodEnd };
      default:
        return null;
    }
  }
  switch (event) {
    case "PERIOD_END":
      if (cancelAtPeriodEnd || status === "PAST_DUE" || opts.renewable === false) return { status: "EXPIRED", cancelAtPeriodEnd };
      return { status: "ACTIVE", cancelAtPeriodEnd: false };
    case "PAYMENT_SUCCEEDED":
      return { status: "ACTIVE", cancelAtPeriodEnd };
    case "PAYMENT_FAILED":
      return { status: "PAST_DUE", cancelAtPeriodEnd };
    case "CANCEL_AT_PERIOD_END":
      return { status, cancelAtPeriodEnd: true };
    case "RESUME":
      return { status, cancelAtPeriodEnd: false };
    case "CANCEL_NOW":
    case "ENDED_EARLY":
      return { status: "CANCELED", cancelAtPeriodEnd };
    case "ENDED":
      return { status: "EXPIRED", cancelAtPeriodEnd };
    case "PAUSE":
      return { status: "PAUSED", cancelAtPeriodEnd };
  }
}

/** The actor of changes nobody signed in made: the roll-over job, a webhook. */
export function systemActor(source: string, requestId: string): AuditActor {
  return { viewer: null, ip: null, userAgent: source, requestId };
}

const AUDITED = [
  "status",
  "tierId",
  "pendingTierId",
  "billingPeriod",
  "currentPeriodStart",
  "currentPeriodEnd",
  "trialEnd",
  "cancelAtPeriodEnd",
  "canceledAt",
  "pastDueSince",
] as const;

export function auditedFields(s: Partial<Subscription>): Record<string, unknown> {
  return Object.fromEntries(AUDITED.filter((k) => k in s).map((k) => [k, s[k]]));
}

export interface TransitionRecord {
  /** history type: created, renewed, cycle_reset, past_due, cancel_scheduled, resumed, canceled, expired, … */
  type: string;
  before: Pick<Subscription, "id" | "status"> & Partial<Subscription>;
  after: Partial<Subscription> & Pick<Subscription, "status">;
  data?: Prisma.InputJsonValue;
  occurredAt: Date;
  /** audit action; defaults to `subscription.<type>` */
  action?: string;
  /** audit actor id override (webhooks: null) */
  actorId?: string | null;
}

/** One history row and one audit row for one change of one subscription. */
export async function recordTransition(tx: Tx, actor: AuditActor, t: TransitionRecord): Promise<void> {
  await tx.subscriptionEvent.create({
    data: {
      subscriptionId: t.before.id,
      type: t.type,
      fromStatus: t.type === "created" ? null : t.before.status,
      toStatus: t.after.status,
      data: t.data ?? {},
      occurredAt: t.occurredAt,
    },
  });
  await recordAudit(tx, actor, {
    action: t.action ?? `subscription.${t.type}`,
    entityType: "Subscription",
    entityId: t.before.id,
    oldValues: t.type === "created" ? null : auditedFields(t.before),
    newValues: { ...auditedFields(t.after), ...(t.data && typeof t.data === "object" ? { event: t.data } : {}) },
    ...(t.actorId !== undefined ? { actorId: t.actorId } : {}),
  });
}

/**
 * Applies one event to a locked subscription: the machine decides the next state, `patch` adds
 * the fields that go with it (canceledAt, pastDueSince, …). Returns the updated row, or null when
 * the event does not apply (nothing is written then).
 */
export async function applyLifecycleEvent(
  tx: Tx,
  actor: AuditActor,
  sub: Subscription,
  event: LifecycleEvent,
  opts: { type: string; now: Date; patch?: Prisma.SubscriptionUncheckedUpdateInput; data?: Prisma.InputJsonValue; action?: string; actorId?: string | null },
): Promise<Subscription | null> {
  const next = transition(sub, event);
  if (!next) return null;
  const after = { ...opts.patch, status: next.status, cancelAtPeriodEnd: next.cancelAtPeriodEnd };
  const row = await tx.subscription.update({ where: { id: sub.id }, data: after });
  await recordTransition(tx, actor, { type: opts.type, before: sub, after: row, occurredAt: opts.now, data: opts.data, action: opts.action, actorId: opts.actorId });
  return row;
}

/** The in-app notice that a payment failed (the subscription keeps working for the grace days). */
export async function notifyPastDue(tx: Tx, sub: Pick<Subscription, "id" | "userId">): Promise<void> {
  await notify(tx, {
    userId: sub.userId,
    type: "SUBSCRIPTION_PAST_DUE",
    title: "Your subscription payment failed",
    message: "We could not collect your subscription payment. Update your payment method to keep your access.",
    relatedEntityType: "Subscription",
    relatedEntityId: sub.id,
  });
}
