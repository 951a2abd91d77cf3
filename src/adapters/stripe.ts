// The Stripe provider, on the official SDK: a PaymentIntent per payment (our payment id in its
// metadata, so a webhook that overtakes our own bookkeeping still finds the row), refunds by
// payment intent. Both calls carry Stripe idempotency keys derived from our payment id, so a
// retried request gets Stripe's first answer instead of a second intent or refund.
import Stripe from "stripe";
import { toMinorUnits } from "../core/money.ts";
import type { PaymentProvider, ProviderIntent, StripeBilling } from "../core/ports.ts";

/** The Stripe API version every call uses, pinned (the SDK default moves with each SDK release). */
export const STRIPE_API_VERSION = "2026-10-28.endive";

function intentStatus(pi: Stripe.PaymentIntent): ProviderIntent["status"] {
  if (pi.status === "succeeded") return "succeeded";
  if (pi.status === "canceled") return "failed";
  return "pending";
}

export function createStripeProvider(stripe: Stripe): PaymentProvider {
  return {
    name: "stripe",
    async createIntent(req) {
      const pi = await stripe.paymentIntents.create(
        {
          amount: toMinorUnits(req.amount, req.currency),
          currency: req.currency.toLowerCase(),
          description: req.description.slice(0, 1000),
          metadata: { paymentId: req.paymentId, userId: req.userId, purpose: req.purpose },
          automatic_payment_methods: { enabled: true },
        },
        { idempotencyKey: req.idempotencyKey },
      );
      return {
        providerPaymentId: pi.id,
        clientSecret: pi.client_secret ?? null,
        status: intentStatus(pi),
        failureReason: pi.last_payment_error?.message ?? null,
      };
    },
    async refund(req) {
      const refund = await stripe.refunds.create(
        { payment_intent: req.providerPaymentId, metadata: { paymentId: req.paymentId, reason: req.reason.slice(0, 400) } },
        { idempotencyKey: `refund:${req.paymentId}` },
      );
      return { providerRefundId: refund.id };
    },
  };
}

/** THE Stripe client factory (payments, subscriptions billing, webhook signatures): pinned API version, bounded retries and timeout. */
export function stripeClient(secretKey: string, opts: { httpClient?: ReturnType<typeof Stripe.createFetchHttpClient> } = {}): Stripe {
  return new Stripe(secretKey, { apiVersion: STRIPE_API_VERSION, maxNetworkRetries: 2, timeout: 20_000, ...(opts.httpClient ? { httpClient: opts.httpClient } : {}) });
}

let offlineClient: Stripe | null = null;
/** For webhook signature checks only: they are offline, so a placeholder key is fine without Stripe. */
export function stripeSdk(secretKey?: string): Stripe {
  return (offlineClient ??= stripeClient(secretKey ?? "sk_test_offline_placeholder"));
}

/** Stripe subscriptions (the subscriptions domain's StripeBilling port). */
export function createStripeBilling(secretKey: string): StripeBilling {
  const stripe = stripeClient(secretKey);
  return {
    async ensureCustomer(user) {
      if (user.stripeCustomerId) return user.stripeCustomerId;
      const c = await stripe.customers.create({ email: user.email, metadata: { userId: user.id } }, { idempotencyKey: `customer:${user.id}` });
      return c.id;
    },
    async createSubscription(p) {
      const subscription = await stripe.subscriptions.create(
        {
          customer: p.customerId,
          items: [{ price: p.priceId }],
          ...(p.trialDays > 0 ? { trial_period_days: p.trialDays } : {}),
          payment_behavior: "default_incomplete",
          payment_settings: { save_default_payment_method: "on_subscription" },
          expand: ["latest_invoice.confirmation_secret"],
          metadata: p.metadata,
        },
        { idempotencyKey: p.idempotencyKey },
      );
      const invoice = subscription.latest_invoice;
      const clientSecret = invoice && typeof invoice === "object" ? invoice.confirmation_secret?.client_secret ?? null : null;
      return { subscription, clientSecret };
    },
    setCancelAtPeriodEnd: (id, cancel) => stripe.subscriptions.update(id, { cancel_at_period_end: cancel }),
    cancelNow: (id) => stripe.subscriptions.cancel(id),
    async changePrice(id, priceId, metadata) {
      const current = await stripe.subscriptions.retrieve(id);
      const item = current.items.data[0];
      return stripe.subscriptions.update(id, { items: [{ id: item.id, price: priceId }], proration_behavior: "none", metadata });
    },
  };
}
