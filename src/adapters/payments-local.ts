// The local provider: the default without Stripe keys (demo, tests, the embedded database). It
// settles at once — createIntent answers "succeeded" and the caller completes the payment through
// the same state machine a Stripe webhook would drive. No money moves anywhere.
import { type PaymentProvider } from "../core/ports.ts";

export function createLocalProvider(): PaymentProvider {
  return {
    name: "local",
    async createIntent(req) {
      return { providerPaymentId: `local_${req.paymentId}`, clientSecret: null, status: "succeeded" };
    },
    async refund(req) {
      return { providerRefundId: `local_refund_${req.paymentId}` };
    },
  };
}
