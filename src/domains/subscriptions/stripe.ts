// The Stripe path. With STRIPE_SECRET_KEY set, paid tiers are sold as Stripe subscriptions
// (services.stripeBilling, the only code here that talks to Stripe's API); Stripe stays the
// source of truth for payment: the API response and the webhooks below are turned into a
// ProviderSnapshot and applied by provider.ts. The webhook route (signature, de-duplication, one
// transaction per event) is src/app/webhooks.ts; `payment_intent.*` and `charge.refunded`
// belong to commerce.
import Stripe from "stripe";
import type { Tx } from "../../core/tx.ts";
import type { BillingPeriod, SubscriptionTier } from "../../generated/prisma/client.ts";
import type { StripeHandlers } from "../../core/http.ts";
import { systemActor } from "./lifecycle.ts";
import { syncProviderSnapshot, type ProviderSnapshot } from "./provider.ts";
import { type StripeBilling } from "../../core/ports.ts";



/** The Stripe price of a tier for a billing period (null: not sold through Stripe). */
export function stripePriceOf(tier: SubscriptionTier, period: BillingPeriod): string | null {
  return period === "YEARLY" ? tier.stripePriceIdYearly : tier.stripePriceIdMonthly;
}

const fromUnix = (s: number | null | undefined) => (typeof s === "number" ? new Date(s * 1000) : null);
const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : v?.id ?? null);

/** A Stripe subscription object as our snapshot (tier found by price, else by metadata). */
export async function snapshotFromStripe(tx: Tx, sub: Stripe.Subscription, source: string, at: Date): Promise<ProviderSnapshot> {
  const item = sub.items?.data?.[0] as (Stripe.SubscriptionItem & { current_period_start?: number; current_period_end?: number }) | undefined;
  const legacy = sub as unknown as { current_period_start?: number; current_period_end?: number };
  const start = fromUnix(item?.current_period_start ?? legacy.current_period_start);
  const end = fromUnix(item?.current_period_end ?? legacy.current_period_end);
  const priceId = item?.price?.id ?? null;
  const byPrice = priceId
    ? await tx.subscriptionTier.findFirst({ where: { OR: [{ stripePriceIdMonthly: priceId }, { stripePriceIdYearly: priceId }] } })
    : null;
  const meta = sub.metadata ?? {};
  const customerId = idOf(sub.customer as string | { id: string });
  // subscriptions made outside subscribe (the Stripe dashboard) find their user by customer id
  const userId = meta.userId ?? (customerId ? (await tx.user.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } }))?.id : null) ?? null;
  const billingPeriod: BillingPeriod =
    byPrice?.stripePriceIdYearly === priceId && priceId ? "YEARLY" : byPrice ? "MONTHLY" : meta.billingPeriod === "YEARLY" ? "YEARLY" : "MONTHLY";
  const statusMap: Record<string, ProviderSnapshot["status"]> = {
    trialing: "TRIALING",
    active: "ACTIVE",
    past_due: "PAST_DUE",
    unpaid: "PAST_DUE",
    paused: "PAUSED",
    canceled: "ENDED",
    incomplete_expired: "ENDED",
    incomplete: null,
  };
  return {
    provider: "STRIPE",
    providerSubscriptionId: sub.id,
    providerCustomerId: customerId,
    userId,
    tierId: byPrice?.id ?? meta.tierId ?? null,
    billingPeriod,
    idempotencyKey: meta.idempotencyKey ?? null,
    status: statusMap[sub.status] ?? null,
    endedAt: fromUnix(sub.ended_at),
    period: start && end ? { start, end } : null,
    trialEnd: fromUnix(sub.trial_end),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    canceledAt: fromUnix(sub.canceled_at),
    pastDueSince: at,
    source,
  };
}

function invoiceSubscriptionId(invoice: Stripe.Invoice): string | null {
  const legacy = (invoice as unknown as { subscription?: string | { id: string } | null }).subscription;
  return idOf(invoice.parent?.subscription_details?.subscription as string | { id: string } | undefined) ?? idOf(legacy);
}

const subscriptionEvent: StripeHandlers[string] = async (event, tx, rt) => {
  const now = rt.services.clock();
  const snap = await snapshotFromStripe(tx, event.data.object as Stripe.Subscription, event.type, fromUnix(event.created) ?? now);
  await syncProviderSnapshot(tx, systemActor("stripe-webhook", event.id), snap, now);
};

const invoiceEvent =
  (paid: boolean): StripeHandlers[string] =>
  async (event, tx, rt) => {
    const invoice = event.data.object as Stripe.Invoice;
    const providerSubscriptionId = invoiceSubscriptionId(invoice);
    if (!providerSubscriptionId) return;
    const known = await tx.subscription.findUnique({ where: { providerSubscriptionId }, select: { id: true } });
    if (!known) return; // not live here yet: customer.subscription.* carries the state
    const line = invoice.lines?.data?.[0];
    const renews = paid && (invoice.billing_reason === "subscription_cycle" || invoice.billing_reason === "subscription_create");
    const period = renews && line?.period ? { start: fromUnix(line.period.start)!, end: fromUnix(line.period.end)! } : null;
    await syncProviderSnapshot(
      tx,
      systemActor("stripe-webhook", event.id),
      {
        provider: "STRIPE",
        providerSubscriptionId,
        status: paid ? "ACTIVE" : "PAST_DUE",
        period,
        pastDueSince: fromUnix(event.created),
        source: event.type,
      },
      rt.services.clock(),
    );
  };

export const stripeHandlers: StripeHandlers = {
  "customer.subscription.created": subscriptionEvent,
  "customer.subscription.updated": subscriptionEvent,
  "customer.subscription.deleted": subscriptionEvent,
  "invoice.paid": invoiceEvent(true),
  "invoice.payment_failed": invoiceEvent(false),
};
