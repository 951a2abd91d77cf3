// The payment provider interface. A provider creates an intent for a PENDING payment (what a
// client needs to confirm it) and refunds a settled one. It never changes our rows: settlement
// always goes through the one state machine in ../payments.ts — directly for the local provider,
// through webhooks for Stripe.
import type { PaymentPurpose } from "../generated/prisma/client.ts";

export interface IntentRequest {
  paymentId: string;
  userId: string;
  purpose: PaymentPurpose;
  /** Decimal string with two places, e.g. "4.99". */
  amount: string;
  currency: string;
  description: string;
  /** Stable per payment, so a retried request returns the provider's first answer. */
  idempotencyKey: string;
}

export interface ProviderIntent {
  providerPaymentId: string;
  /** What the client confirms with (Stripe's PaymentIntent client_secret); null when nothing is left to confirm. */
  clientSecret: string | null;
  /** "succeeded": settled now (local); "pending": completion arrives later (webhook); "failed". */
  status: "succeeded" | "pending" | "failed";
  failureReason?: string | null;
}

export interface RefundRequest {
  paymentId: string;
  providerPaymentId: string;
  amount: string;
  currency: string;
  reason: string;
}

export interface PaymentProvider {
  readonly name: "local" | "stripe";
  createIntent(req: IntentRequest): Promise<ProviderIntent>;
  refund(req: RefundRequest): Promise<{ providerRefundId: string }>;
}

export interface PaymentProviders {
  /** The provider new payments use: Stripe when STRIPE_SECRET_KEY is set, else local. */
  active: PaymentProvider;
  /** The provider that settled an existing payment (refunds go back through it). */
  byName(name: string): PaymentProvider | null;
}
