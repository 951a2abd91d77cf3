// The Stripe provider, on the official SDK: a PaymentIntent per payment (our payment id in its
// metadata, so a webhook that overtakes our own bookkeeping still finds the row), refunds by
// payment intent. Both calls carry Stripe idempotency keys derived from our payment id, so a
// retried request gets Stripe's first answer instead of a second intent or refund.
import Stripe from "stripe";
import { toMinorUnits } from "../domains/commerce/money.ts";
import { type PaymentProvider, type ProviderIntent } from "../core/ports.ts";

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

export function stripeClient(secretKey: string, opts: { httpClient?: ReturnType<typeof Stripe.createFetchHttpClient> } = {}): Stripe {
  return new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 20_000, ...(opts.httpClient ? { httpClient: opts.httpClient } : {}) });
}
